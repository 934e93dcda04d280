//! Where the labels of the incident picture go: their estimated widths, the band labels
//! kept clear of the broken promises drawn over the bands, and the milestone labels laid
//! out in rows so that none crosses another.

use super::chart::{Lanes, MilestoneMark, SIDE};

/// An estimate of a text's width, in units of its font size: a little wider than the
/// average character of the system fonts, so that a placed label always has room.
pub const CHAR_WIDTH: f64 = 0.62;
/// The space kept between two labels on the same line, in SVG units.
pub(super) const GAP: f64 = 10.0;

/// The estimated width of a label in SVG units.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH * font
}

/// Where a band's label starts: just inside the band, or just after a broken promise drawn
/// over it, wherever the whole label fits in the band without touching one (None: nowhere).
pub fn band_label_x(band: (f64, f64), label_width: f64, over: &[(f64, f64)]) -> Option<f64> {
    const PAD: f64 = 5.0;
    let candidates = std::iter::once(band.0 + PAD).chain(over.iter().map(|(_, right)| right + PAD));
    candidates.into_iter().find(|&x| {
        x >= band.0 + PAD
            && x + label_width <= band.1 - PAD
            && over
                .iter()
                .all(|&(left, right)| right + PAD <= x || left >= x + label_width + PAD)
    })
}

/// Milestones whose labels share a block, with the block's left and right.
type Cluster<'a> = (Vec<&'a (f64, String)>, f64, f64);

/// Milestone labels under the lanes. Milestones whose lines would fall under one another's
/// labels form a cluster: its labels are stacked, one a row, in a block that starts at its
/// first line and that no other line crosses (lines stop above the labels). A block that
/// would run past the right edge moves left; one that would then reach the block before it
/// joins that block.
pub fn place_milestones(
    milestones: &[(f64, String)],
    width: f64,
    font: f64,
    lanes: &Lanes,
) -> Vec<MilestoneMark> {
    let mut sorted: Vec<&(f64, String)> = milestones.iter().collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Each cluster: its milestones, and the left and right of its block.
    let mut clusters: Vec<Cluster<'_>> = Vec::new();
    for milestone in sorted {
        let w = text_width(&milestone.1, font);
        let joins = clusters
            .last()
            .is_some_and(|(_, _, right)| milestone.0 <= right + GAP);
        if !joins {
            clusters.push((Vec::new(), milestone.0, milestone.0));
        }
        let Some(cluster) = clusters.last_mut() else {
            continue;
        };
        cluster.0.push(milestone);
        cluster.2 = cluster.2.max(cluster.1 + w);
        if cluster.2 > width - SIDE {
            cluster.1 = (cluster.1 - (cluster.2 - (width - SIDE))).max(0.0);
            cluster.2 = width - SIDE;
        }
        let n = clusters.len();
        if n >= 2 && clusters[n - 1].1 < clusters[n - 2].2 + GAP {
            let (items, _, right) = clusters.remove(n - 1);
            if let Some(before) = clusters.last_mut() {
                before.0.extend(items);
                before.2 = before.2.max(right);
                let widest = before
                    .0
                    .iter()
                    .map(|m| text_width(&m.1, font))
                    .fold(0.0, f64::max);
                before.1 = before.1.min(width - SIDE - widest).max(0.0);
                before.2 = before.2.max(before.1 + widest);
            }
        }
    }
    clusters
        .iter()
        .flat_map(|(items, left, _)| {
            items
                .iter()
                .enumerate()
                .map(|(row, (x, label))| MilestoneMark {
                    x: *x,
                    label_x: *left,
                    label: label.clone(),
                    row,
                    y: lanes.milestone_y + row as f64 * lanes.row_height,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_milestones_within_an_hour_take_rows_without_crossing_labels() {
        let lanes = Lanes::stack(13.0);
        let close: Vec<(f64, String)> = [100.0, 108.0, 120.0, 131.0]
            .iter()
            .map(|x| (*x, format!("Milestone at {x}")))
            .collect();
        let placed = place_milestones(&close, 360.0, 13.0, &lanes);
        let rows: Vec<usize> = placed.iter().map(|m| m.row).collect();
        assert_eq!(rows, [0, 1, 2, 3], "each label on its own row");
        let block = placed[0].label_x;
        assert!(placed.iter().all(|m| m.label_x == block && m.x >= block));
        for m in &placed {
            assert!(m.label_x >= 0.0);
            assert!(m.label_x + text_width(&m.label, 13.0) <= 360.0, "{m:?}");
        }
    }

    #[test]
    fn a_band_label_moves_past_a_broken_promise_or_is_left_out() {
        let label = text_width("Cause identifiée", 13.0);
        assert_eq!(super::band_label_x((0.0, 300.0), label, &[]), Some(5.0));
        let after = super::band_label_x((0.0, 300.0), label, &[(60.0, 66.0)]);
        assert_eq!(after, Some(71.0), "the label would cross the promise at 60");
        assert_eq!(
            super::band_label_x((0.0, 300.0), label, &[(250.0, 256.0)]),
            Some(5.0),
            "far enough"
        );
        assert_eq!(
            super::band_label_x(
                (0.0, label + 20.0),
                label,
                &[(label / 2.0, label / 2.0 + 4.0)]
            ),
            None,
            "no room on either side"
        );
    }

    #[test]
    fn a_label_near_the_right_edge_is_moved_inside() {
        let lanes = Lanes::stack(15.0);
        let placed = place_milestones(&[(950.0, "Resolved 04:00".into())], 960.0, 15.0, &lanes);
        assert!(placed[0].label_x + text_width("Resolved 04:00", 15.0) <= 960.0);
    }
}
