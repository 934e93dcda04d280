//! The SVG badges: `badges/status.svg` (the overall state) and `badges/<component>.svg`,
//! the current status in words and colour, for READMEs and dashboards. The template
//! `badge.svg` lays them out.

use serde::Serialize;

use super::i18n::Lang;
use super::scope::Scope;
use crate::model::{ComponentStatus, Indicator};

/// A badge: a label on the left, the status on the right.
#[derive(Debug, Serialize)]
pub struct BadgeView {
    pub label: String,
    pub message: String,
    /// "label: message", for screen readers and tooltips.
    pub text: String,
    /// The message's background: one of the theme's status colours.
    pub color: &'static str,
    pub label_width: u32,
    pub message_width: u32,
    pub width: u32,
}

impl BadgeView {
    /// The overall state of the site.
    pub fn overall(scope: &Scope<'_>) -> Self {
        let indicator = scope.site.indicator(scope.now);
        let color = match indicator {
            Indicator::None => GREEN,
            Indicator::Minor => AMBER,
            Indicator::Major => ORANGE,
            Indicator::Critical => RED,
            Indicator::Maintenance => BLUE,
        };
        let message = Lang::word(&scope.lang.indicator, indicator.as_str());
        Self::new(scope, scope.lang.text("badge_label"), message, color)
    }

    /// One component's current status.
    pub fn component(scope: &Scope<'_>, id: &str) -> Self {
        let status = scope.component_status(id);
        let color = match status {
            ComponentStatus::Operational => GREEN,
            ComponentStatus::DegradedPerformance => AMBER,
            ComponentStatus::PartialOutage => ORANGE,
            ComponentStatus::MajorOutage => RED,
            ComponentStatus::UnderMaintenance => BLUE,
        };
        let name = scope
            .site
            .config
            .component(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone());
        let message = Lang::word(&scope.lang.component_status, status.as_str());
        Self::new(scope, name, message, color)
    }

    fn new(scope: &Scope<'_>, label: String, message: String, color: &'static str) -> Self {
        let label_width = text_width(&label);
        let message_width = text_width(&message);
        BadgeView {
            text: format!("{label}{}{message}", scope.lang.text("colon")),
            label,
            message,
            color,
            label_width,
            message_width,
            width: label_width + message_width,
        }
    }
}

const GREEN: &str = "#1a7f4b";
const AMBER: &str = "#8a5a00";
const ORANGE: &str = "#b04400";
const RED: &str = "#b42318";
const BLUE: &str = "#1f5fad";

/// The width of a text in 11 px sans-serif, with 10 px of padding on each side: an
/// estimate from average glyph widths, wide enough for the usual fonts.
fn text_width(text: &str) -> u32 {
    let tenths: u32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 35,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' => 45,
            'm' | 'w' | 'M' | 'W' => 95,
            c if c.is_uppercase() => 80,
            _ => 68,
        })
        .sum();
    tenths.div_ceil(10) + 20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_makes_a_wider_badge() {
        assert!(text_width("Panne majeure") > text_width("OK"));
        assert_eq!(text_width(""), 20);
    }
}
