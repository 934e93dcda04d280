//! Horizontal bar charts (the reliability page's), laid out twice: a wide layout with the
//! labels beside the bars, and a phone layout with each label above its bar, drawn at the
//! size it is shown so that its text stays at reading size and its longest bar never clips.

use serde::Serialize;

use super::views::chart::text_width;

/// The font size of both layouts, in SVG units.
const FONT: f64 = 13.0;
const BAR_HEIGHT: f64 = 22.0;
/// The room kept at a bar's end for its value.
const VALUE_ROOM: f64 = 8.0;

/// One chart in its two layouts.
#[derive(Debug, Serialize)]
pub struct BarChart {
    pub wide: BarLayout,
    pub narrow: BarLayout,
}

/// One layout: its size, and where each bar, label and value is drawn.
#[derive(Debug, Serialize)]
pub struct BarLayout {
    pub name: &'static str,
    pub width: f64,
    pub height: f64,
    pub font_size: f64,
    /// Where the labels end (`end` anchor) in the wide layout, start in the phone one.
    pub label_x: f64,
    pub label_anchor: &'static str,
    pub bar_x: f64,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub label_y: f64,
    pub bar_y: f64,
    pub width: f64,
    pub value: String,
    pub value_x: f64,
}

/// A bar per row: its label, its value, and the value as written.
pub struct Row {
    pub label: String,
    pub value: f64,
    pub text: String,
}

impl BarChart {
    pub fn new(rows: &[Row]) -> Self {
        BarChart {
            wide: wide(rows),
            narrow: narrow(rows),
        }
    }
}

/// Labels in a column on the left, bars beside them.
fn wide(rows: &[Row]) -> BarLayout {
    const WIDTH: f64 = 640.0;
    let label_room = rows
        .iter()
        .map(|r| text_width(&r.label, FONT))
        .fold(80.0, f64::max)
        .min(260.0);
    let bar_x = label_room + 8.0;
    let room = WIDTH - bar_x - VALUE_ROOM - longest_value(rows);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(n, row)| {
            let bar_y = n as f64 * (BAR_HEIGHT + 8.0) + 4.0;
            bar(row, rows, room, bar_x, bar_y, bar_y + 15.0)
        })
        .collect::<Vec<_>>();
    BarLayout {
        name: "wide",
        width: WIDTH,
        height: bars.len() as f64 * (BAR_HEIGHT + 8.0) + 8.0,
        font_size: FONT,
        label_x: label_room,
        label_anchor: "end",
        bar_x,
        bars,
    }
}

/// Each label on its own line above its bar, at the width of a phone.
fn narrow(rows: &[Row]) -> BarLayout {
    const WIDTH: f64 = 340.0;
    let room = WIDTH - VALUE_ROOM - longest_value(rows);
    let step = FONT + 6.0 + BAR_HEIGHT + 10.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(n, row)| {
            let label_y = n as f64 * step + FONT + 2.0;
            bar(row, rows, room, 0.0, label_y + 6.0, label_y)
        })
        .collect::<Vec<_>>();
    BarLayout {
        name: "narrow",
        width: WIDTH,
        height: bars.len() as f64 * step + 4.0,
        font_size: FONT,
        label_x: 0.0,
        label_anchor: "start",
        bar_x: 0.0,
        bars,
    }
}

fn bar(row: &Row, rows: &[Row], room: f64, bar_x: f64, bar_y: f64, label_y: f64) -> Bar {
    let max = rows.iter().map(|r| r.value).fold(0.0, f64::max).max(1.0);
    let width = (row.value / max * room).max(if row.value > 0.0 { 2.0 } else { 0.0 });
    Bar {
        label: row.label.clone(),
        label_y,
        bar_y,
        width,
        value: row.text.clone(),
        value_x: bar_x + width + 6.0,
    }
}

fn longest_value(rows: &[Row]) -> f64 {
    rows.iter()
        .map(|r| text_width(&r.text, FONT))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        [
            ("Rapports hebdomadaires", 3660.0, "2 j 13 h"),
            ("API publique", 0.0, "0 min"),
        ]
        .into_iter()
        .map(|(label, value, text)| Row {
            label: label.to_string(),
            value,
            text: text.to_string(),
        })
        .collect()
    }

    #[test]
    fn the_longest_bar_and_its_value_stay_inside_either_layout() {
        let chart = BarChart::new(&rows());
        for layout in [&chart.wide, &chart.narrow] {
            let longest = &layout.bars[0];
            assert!(longest.value_x + text_width(&longest.value, FONT) <= layout.width);
            assert!(longest.width > layout.width / 2.0, "{}", layout.name);
            assert_eq!(layout.bars[1].width, 0.0);
        }
    }

    #[test]
    fn the_phone_puts_each_label_above_its_bar() {
        let narrow = BarChart::new(&rows()).narrow;
        for bar in &narrow.bars {
            assert!(bar.label_y < bar.bar_y);
            assert!(text_width(&bar.label, FONT) <= narrow.width);
        }
        assert!(narrow.bars[0].bar_y + BAR_HEIGHT < narrow.bars[1].label_y - FONT);
    }
}
