//! A notice written for each chat: Slack's Block Kit, a Discord embed, a Teams Adaptive
//! Card, and the plain text a dry run shows and Slack falls back to.

use serde_json::{Value, json};

use crate::render::notice::Notice;

/// The notice as a chat reader reads it: title line, text, facts, promise, link, event id.
pub fn chat_text(notice: &Notice) -> String {
    let mut out = format!("{}\n\n{}\n", notice.subject, notice.text.trim());
    if !notice.facts.is_empty() {
        out.push('\n');
    }
    for fact in &notice.facts {
        out.push_str(&format!("{}{}{}\n", fact.label, notice.colon, fact.value));
    }
    if let Some(promise) = &notice.promise {
        out.push_str(&format!("\n{promise}\n"));
    }
    out.push_str(&format!(
        "\n{}{}{}\n{}\n",
        notice.follow, notice.colon, notice.url, notice.event
    ));
    out
}

/// An incoming-webhook message for Slack: a header, the text, the facts, the promise and
/// the link in Block Kit, with `text` for notifications and old clients.
pub fn slack(notice: &Notice) -> Value {
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&notice.subject, 150)}}),
        json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&slack_escape(&notice.text), 3000)}}),
    ];
    if !notice.facts.is_empty() {
        let fields: Vec<Value> = notice
            .facts
            .iter()
            .take(10)
            .map(|f| {
                json!({"type": "mrkdwn", "text": format!("*{}*\n{}", slack_escape(&f.label), slack_escape(&f.value))})
            })
            .collect();
        blocks.push(json!({"type": "section", "fields": fields}));
    }
    if let Some(promise) = &notice.promise {
        blocks.push(
            json!({"type": "section", "text": {"type": "mrkdwn", "text": slack_escape(promise)}}),
        );
    }
    blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": format!("<{}|{}>", notice.url, slack_escape(&notice.follow))}}));
    blocks.push(
        json!({"type": "context", "elements": [{"type": "plain_text", "text": notice.event}]}),
    );
    json!({
        "text": format!("{} {}", notice.subject, notice.url),
        "blocks": blocks,
        "unfurl_links": false,
    })
}

/// A Discord webhook message: one embed, coloured by how serious the event is; mentions
/// in the text never ping anyone.
pub fn discord(notice: &Notice) -> Value {
    let fields: Vec<Value> = notice
        .facts
        .iter()
        .take(25)
        .map(|f| json!({"name": cut(&f.label, 256), "value": cut(&f.value, 1024), "inline": false}))
        .collect();
    let mut description = notice.text.trim().to_string();
    if let Some(promise) = &notice.promise {
        description.push_str(&format!("\n\n{promise}"));
    }
    json!({
        "username": cut(&notice.site_title, 80),
        "allowed_mentions": {"parse": []},
        "embeds": [{
            "title": cut(&notice.subject, 256),
            "url": notice.url,
            "description": cut(&description, 4096),
            "color": colour(notice.tone),
            "fields": fields,
            "footer": {"text": notice.event},
        }],
    })
}

/// A Microsoft Teams Workflows webhook message carrying one Adaptive Card.
pub fn teams(notice: &Notice) -> Value {
    let mut body = vec![
        json!({"type": "TextBlock", "text": notice.site_title, "size": "Small", "isSubtle": true, "wrap": true}),
        json!({"type": "TextBlock", "text": notice.title, "size": "Large", "weight": "Bolder", "wrap": true}),
        json!({"type": "TextBlock", "text": notice.status, "weight": "Bolder", "color": teams_colour(notice.tone), "wrap": true}),
        json!({"type": "TextBlock", "text": notice.text.trim(), "wrap": true}),
    ];
    if !notice.facts.is_empty() {
        let facts: Vec<Value> = notice
            .facts
            .iter()
            .map(|f| json!({"title": f.label, "value": f.value}))
            .collect();
        body.push(json!({"type": "FactSet", "facts": facts}));
    }
    if let Some(promise) = &notice.promise {
        body.push(json!({"type": "TextBlock", "text": promise, "wrap": true}));
    }
    body.push(json!({"type": "TextBlock", "text": notice.event, "size": "Small", "isSubtle": true, "wrap": true}));
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "lang": notice.lang,
                "body": body,
                "actions": [{"type": "Action.OpenUrl", "title": notice.follow, "url": notice.url}],
            },
        }],
    })
}

/// Slack's three control characters in text: `&`, `<`, `>`.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// At most `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn colour(tone: &str) -> u32 {
    match tone {
        "critical" => 0xC0_1C_28,
        "major" => 0xE0_6C_00,
        "minor" => 0xE5_A5_0A,
        "maintenance" => 0x1F_6F_EB,
        _ => 0x1A_7F_37,
    }
}

fn teams_colour(tone: &str) -> &'static str {
    match tone {
        "critical" | "major" => "Attention",
        "minor" => "Warning",
        "maintenance" => "Accent",
        _ => "Good",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(slack_escape("a <b> & c"), "a &lt;b&gt; &amp; c");
    }
}
