//! Microsoft Teams: a channel's messages as Microsoft Graph returns them (`chatMessage`
//! objects, in `{"value": [...]}` or a plain list, replies listed or nested in `replies`).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{Author, ChatMessage, read_json};
use crate::diagnostic::Error;
use crate::model::Config;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphMessage {
    #[serde(default)]
    id: String,
    #[serde(default)]
    reply_to_id: Option<String>,
    #[serde(default)]
    message_type: Option<String>,
    #[serde(default)]
    created_date_time: Option<String>,
    #[serde(default)]
    deleted_date_time: Option<String>,
    #[serde(default)]
    from: Option<From>,
    #[serde(default)]
    body: Option<Body>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    #[serde(default)]
    mentions: Vec<Mention>,
    #[serde(default)]
    replies: Vec<GraphMessage>,
}

#[derive(Debug, Deserialize)]
struct From {
    #[serde(default)]
    user: Option<Identity>,
    #[serde(default)]
    application: Option<Identity>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Identity {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    tenant_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    #[serde(default)]
    content_type: Option<String>,
    #[serde(default)]
    content: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Attachment {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    content_type: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Mention {
    id: serde_json::Value,
    #[serde(default)]
    mention_text: String,
    #[serde(default)]
    mentioned: Option<From>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Listing {
    Page { value: Vec<GraphMessage> },
    List(Vec<GraphMessage>),
}

/// Reads a Graph listing of a channel's messages into chat messages.
pub fn read(file: &Path, config: &Config) -> Result<Vec<ChatMessage>, Error> {
    let listing: Listing = read_json(file)?;
    let mut flat = Vec::new();
    let list = match listing {
        Listing::Page { value } => value,
        Listing::List(list) => list,
    };
    flatten(list, &mut flat);
    let home = home_tenant(&flat);
    Ok(flat
        .iter()
        .filter(|m| m.message_type.as_deref().is_none_or(|t| t == "message"))
        .map(|m| chat_message(m, home.as_deref(), config))
        .collect())
}

fn flatten(list: Vec<GraphMessage>, out: &mut Vec<GraphMessage>) {
    for mut message in list {
        let replies = std::mem::take(&mut message.replies);
        let parent = message.id.clone();
        out.push(message);
        let replies = replies
            .into_iter()
            .map(|mut r| {
                r.reply_to_id = r.reply_to_id.or(Some(parent.clone()));
                r
            })
            .collect();
        flatten(replies, out);
    }
}

/// The tenant most messages come from: the team's own; any other is the customer's.
fn home_tenant(messages: &[GraphMessage]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for tenant in messages
        .iter()
        .filter_map(|m| m.from.as_ref()?.user.as_ref()?.tenant_id.clone())
    {
        *counts.entry(tenant).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(tenant, n)| (*n, std::cmp::Reverse(tenant.clone())))
        .map(|(tenant, _)| tenant)
}

fn chat_message(m: &GraphMessage, home: Option<&str>, config: &Config) -> ChatMessage {
    let user = m.from.as_ref().and_then(|f| f.user.clone());
    let bot = m.from.as_ref().is_some_and(|f| f.application.is_some()) && user.is_none();
    let author = user
        .as_ref()
        .map(|u| author_of(u, home))
        .unwrap_or_default();
    let body = m.body.as_ref();
    let mut content = body.map(|b| b.content.clone()).unwrap_or_default();
    for mention in &m.mentions {
        let id = match &mention.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let role = mention
            .mentioned
            .as_ref()
            .and_then(|f| f.user.as_ref())
            .map(|u| super::mentioned_role(&author_of(u, home), config))
            .unwrap_or_else(|| mention.mention_text.clone());
        content = content.replace(
            &format!("<at id=\"{id}\">{}</at>", mention.mention_text),
            &role,
        );
    }
    let html = body.is_some_and(|b| b.content_type.as_deref() == Some("html"));
    let text = if html {
        super::html_to_text(&content)
    } else {
        content
    };
    ChatMessage {
        id: m.id.clone(),
        parent: m.reply_to_id.clone(),
        at: m
            .created_date_time
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()),
        author,
        text,
        deleted: m.deleted_date_time.is_some(),
        bot,
        files: m
            .attachments
            .iter()
            .filter(|a| a.content_type.as_deref() == Some("reference"))
            .filter_map(|a| a.name.clone())
            .collect(),
    }
}

fn author_of(user: &Identity, home: Option<&str>) -> Author {
    let external = match (user.tenant_id.as_deref(), home) {
        (Some(tenant), Some(home)) => tenant != home,
        _ => false,
    };
    Author {
        names: user
            .display_name
            .iter()
            .chain(user.id.iter())
            .cloned()
            .collect(),
        external,
    }
}
