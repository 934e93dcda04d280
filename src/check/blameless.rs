//! The blameless check: blameful language in postmortems and public text, in English and
//! French. Each rule has an id, the places it looks (its scopes), patterns, a message that
//! says why and a suggestion. Code, quotations and lines with a waiver
//! (`<!-- vigie-allow: RULE -->` on the line or the line above) are skipped.
//! docs/blameless.md lists every rule with its reason and a better wording.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::diagnostic::Diagnostic;
use crate::model::{BlamelessScope as Scope, Incident, PostmortemState, Site, Visibility};

/// A rule of the check.
pub struct Rule {
    pub id: String,
    scopes: Vec<Scope>,
    /// The analysis sections it reads, when it reads analysis (all of them when empty).
    sections: &'static [&'static str],
    patterns: Alternation,
    /// For action items: a match counts only when none of these is in the item.
    unless: Alternation,
    message: String,
    suggestion: Option<String>,
    /// A looser pattern, cheaper to search: wherever a pattern matches on a line of a
    /// text, it matches that text too (case-insensitive, on the text as written: the
    /// words that every match contains, mostly). None when not known: a site's own rules.
    loose: Option<String>,
}

/// The analysis sections where causes are discussed: not what went well, not luck.
const CAUSAL: &[&str] = &[
    "summary",
    "impact",
    "trigger",
    "causes",
    "detection",
    "resolution",
    "went_wrong",
    "lessons",
];

/// The built-in rules: id, scopes, sections, patterns, exemptions, message, suggestion,
/// and a looser pattern (see `Rule::loose`): mostly words that every match contains. A
/// changed pattern needs its looser one checked.
type BuiltIn = (
    &'static str,
    &'static [Scope],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
);

const BUILT_IN: &[BuiltIn] = &[
    (
        "human-error",
        &[
            Scope::Analysis,
            Scope::Actions,
            Scope::Public,
            Scope::Timeline,
        ],
        &[],
        &[
            r"\bhuman[- ]errors?\b",
            r"\boperator errors?\b",
            r"\berreurs? humaines?\b",
            r"\bfautes? humaines?\b",
            r"\berreurs? de manipulation\b",
        ],
        &[],
        "\"human error\" names a person as the cause and ends the inquiry",
        "say what made the action possible and likely: the missing safeguard, the confusing tool, the time pressure",
        "human|operator error|humaine|de manipulation",
    ),
    (
        "counterfactual",
        &[Scope::Analysis],
        CAUSAL,
        &[
            r"\bshould(?:n't| not)? have\b",
            r"\bcould have\b",
            r"\bought to have\b",
            r"\b(?:he|she|they|we|i|engineers?|developers?|operators?|the team|on-call)\s+failed to\b",
            r"\baurai(?:t|ent|s) dû\b",
            r"\baurai(?:t|ent|s) pu\b",
            r"\bil aurait fallu\b",
            r"\bn'a pas su\b",
            r"\bn'ont pas su\b",
        ],
        &[],
        "a counterfactual judges the past with what we know now",
        "say what people knew and saw at the time, and why their action made sense then",
        "should|could have|ought to have|failed to|aurai|n'a pas su|n'ont pas su",
    ),
    (
        "character-judgment",
        &[
            Scope::Analysis,
            Scope::Actions,
            Scope::Public,
            Scope::Timeline,
        ],
        &[],
        &[
            r"\b(?:careless(?:ness)?|negligen(?:t|ce)|lazy|sloppy|incompeten(?:t|ce)|reckless|stupid|irresponsible)\b",
            r"\b(?:négligent(?:e|s|es)?|négligence|imprudent(?:e|s|es)?|imprudence|incompétent(?:e|s|es)?|incompétence|paresseu(?:x|se|ses)|inattenti(?:f|ve|fs|ves)|étourderie|irresponsable)\b",
        ],
        &[],
        "a judgment of character says who to blame, not what to change",
        "describe the action and its context instead of the person",
        "careless|gligen|lazy|sloppy|incomp|reckless|stupid|irrespons|impruden|paresseu|inattenti|tourderie",
    ),
    (
        "hindsight",
        &[Scope::Analysis],
        CAUSAL,
        &[
            r"\bobviously\b",
            r"\bof course\b",
            r"\bevidently\b",
            r"\bit was obvious\b",
            r"\bévidemment\b",
            r"\bbien sûr\b",
            r"\bmanifestement\b",
            r"\bil suffisait de\b",
            r"\bil n'y avait qu'à\b",
            r"\bil était évident\b",
        ],
        &[],
        "a hindsight word makes the answer look obvious, which it was not at the time",
        "remove the word, and say what made the situation hard to read",
        "obvious|of course|vident|videmment|bien s|manifestement|il suffisait de|il n'y avait qu'",
    ),
    (
        "fix-people",
        &[Scope::Actions],
        &[],
        &[
            r"\bbe (?:more )?(?:careful|vigilant|attentive)\b",
            r"\bpay (?:more )?attention\b",
            r"\bremind (?:the |all )?(?:team|engineers?|developers?|everyone|people|staff)\b",
            r"\bretrain\b",
            r"\b(?:faire|fasse|fassent) (?:plus )?attention\b",
            r"\bêtre plus (?:vigilante?s?|attentifs?|attentives?|prudente?s?)\b",
            r"\bredoubler de vigilance\b",
            r"\brappeler (?:à|aux) (?:l'équipe|l'ingénieur|les développeurs|chacun|tous)\b",
            r"\b(?:re)?sensibiliser\b",
            r"\bresponsabiliser\b",
        ],
        &[],
        "this action item tries to fix people, who will err again under the same conditions",
        "change the system instead: a check, a safeguard, an automation, a clearer tool",
        "careful|vigilan|attenti|remind |retrain|tre plus |rappeler |sensibiliser|responsabiliser",
    ),
    (
        "vague-action",
        &[Scope::Actions],
        &[],
        &[
            r"^\s*(?:improve|enhance|better|optimi[sz]e|investigate|look into|review|revisit|work on)\b",
            r"^\s*(?:améliorer|optimiser|revoir|étudier|investiguer|travailler sur|renforcer|fiabiliser)\b",
        ],
        &[
            r"\d",
            r"\b(?:so that|until|when|whenever|every|each|before|after|within)\b",
            r"\b(?:afin|pour que|pour qu'|jusqu'|dès|chaque|quand|lorsque|avant|après|en moins de)\b",
        ],
        "this action item has no end state: nobody can tell when it is done",
        "say what will be true when it is done, e.g. \"alert within 5 minutes when a report is missing\"",
        r"(?m:^)\s*(?:improve|enhance|better|optimi[sz]e|investigate|look into|review|revisit|work on|améliorer|optimiser|revoir|étudier|investiguer|travailler sur|renforcer|fiabiliser)(?-u:\b)",
    ),
    (
        "public-eta",
        &[Scope::Public],
        &[],
        &[
            r"\b(?:will|should|shall) be (?:fixed|resolved|restored|back(?: up)?|repaired)\b[^.]{0,30}?\b(?:by|within|before|in)\b",
            r"\b(?:sera|seront|devrait être|devraient être) (?:résolue?s?|corrigée?s?|rétablie?s?|réparée?s?)\b[^.]{0,30}?(?:\bd'ici\b|\bavant\b|\bà\b|\bdans\b|\ben\b)",
        ],
        &[],
        "a public update promises when the incident will be resolved",
        "promise the time of the next update instead: `next 22:50`",
        " be |sera|seront|devrai",
    ),
];

/// Naming a person as a cause: roles with a failure verb, and the site's team members.
fn person_as_cause(people: &[String]) -> Rule {
    let mut patterns = vec![
        r"\b(?:the|an?|our) (?:engineer|developer|operator|admin(?:istrator)?|intern|on-call|sre|dba|tech lead|csm)\b[^.]{0,40}?\b(?:forgot|broke|caused|missed|deleted|ignored|mistyped|misconfigured|did not|didn't)\b".to_string(),
        r"(?:\bl'|\ble |\bla |\bun |\bune |\bnotre )(?:ingénieure?|développeur|développeuse|opérat(?:eur|rice)|administrat(?:eur|rice)|stagiaire|astreinte|tech lead|csm)\b[^.]{0,40}?(?:\ba oublié|\ba cassé|\ba causé|\ba provoqué|\ba supprimé|\ba ignoré|\bs'est trompée?|\bn'a pas)\b".to_string(),
    ];
    let names: Vec<&str> = people
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    patterns.extend(names.iter().map(|p| format!(r"\b{}\b", regex::escape(p))));
    let mut loose = vec![
        "forgot|broke|caused|missed|deleted|ignor|mistyped|misconfigured|did not|didn't"
            .to_string(),
        "a oubli|a cass|a caus|a provoqu|a supprim|s'est tromp|n'a pas".to_string(),
    ];
    loose.extend(names.iter().map(|name| regex::escape(name)));
    Rule {
        id: "person-as-cause".into(),
        scopes: vec![Scope::Analysis, Scope::Actions],
        sections: CAUSAL,
        patterns: Alternation::of(&patterns),
        unless: Alternation::default(),
        message: "the analysis names a person or a role as the cause of the failure".into(),
        suggestion: Some(
            "name the condition that let the failure happen, and owners by team or role".into(),
        ),
        loose: Some(loose.join("|")),
    }
}

/// A rule's patterns as one case-insensitive alternation: one pass over each line finds
/// the leftmost match of any of them. It is compiled the first time a line needs it:
/// the set of all rules (`Rules::any`) says which lines do, and on most sites few or none
/// do, while compiling every rule is most of what a check of a small site costs.
#[derive(Default)]
struct Alternation {
    /// The alternation as written; none for a rule without patterns.
    written: Option<String>,
    /// The alternation compiled; none when it does not compile.
    compiled: OnceLock<Option<Regex>>,
}

impl Alternation {
    fn of<S: AsRef<str>>(patterns: &[S]) -> Self {
        let written = (!patterns.is_empty()).then(|| {
            patterns
                .iter()
                .map(|p| format!("(?:{})", p.as_ref()))
                .collect::<Vec<_>>()
                .join("|")
        });
        Alternation {
            written,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled alternation, compiled now if it was not yet.
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                let written = self.written.as_deref()?;
                RegexBuilder::new(written)
                    .case_insensitive(true)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

/// The ids of the built-in rules, for `disable` and the documentation.
pub fn built_in_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = BUILT_IN.iter().map(|r| r.0).collect();
    ids.push("person-as-cause");
    ids
}

/// The rules a site runs, and all their patterns in one set: most lines match none, and
/// one pass of the set says so. Before it, the looser patterns of all the rules as one:
/// most texts match none, and one pass over a text says so, without cutting it into
/// lines and masking them.
pub struct Rules {
    list: Vec<Rule>,
    /// The set, compiled the first time a text needs it: on many sites, never.
    any: OnceLock<RegexSet>,
    loose: Alternation,
}

impl Rules {
    /// The set of all rules' patterns, compiled now if it was not yet.
    fn any(&self) -> &RegexSet {
        self.any.get_or_init(|| set_of_rules(&self.list))
    }

    /// Whether a rule may match on a line of `text`: false only when none can.
    fn may_match(&self, text: &str) -> bool {
        self.loose.regex().is_none_or(|loose| loose.is_match(text))
    }
}

/// Every rule the site runs: the built-in ones it did not turn off, then its own. A
/// rule's own alternation is compiled only when a line matches it in the set.
pub fn rules(site: &Site) -> Rules {
    let list = rule_list(site);
    // With a rule whose looser pattern is not known, there is none for all of them.
    let loose = list
        .iter()
        .map(|r| r.loose.as_deref())
        .collect::<Option<Vec<_>>>()
        .map_or_else(Alternation::default, |loose| Alternation::of(&loose));
    Rules {
        list,
        any: OnceLock::new(),
        loose,
    }
}

/// The patterns of all the rules as one set.
fn set_of_rules(list: &[Rule]) -> RegexSet {
    let written = list
        .iter()
        .map(|r| r.patterns.written.as_deref().unwrap_or(NEVER));
    match set_of(written) {
        Some(any) => any,
        // A rule that does not compile on its own matches nothing: it is found by
        // compiling each one, and the set is made of those that do.
        None => set_of(
            list.iter()
                .map(|r| r.patterns.regex().map_or(NEVER, Regex::as_str)),
        )
        .unwrap_or_else(RegexSet::empty),
    }
}

/// A pattern that matches no text: a rule's place in the set when it has no pattern.
const NEVER: &str = r"[^\s\S]";

/// The patterns as one case-insensitive set, if they all compile.
fn set_of<'p>(patterns: impl Iterator<Item = &'p str>) -> Option<RegexSet> {
    RegexSetBuilder::new(patterns)
        .case_insensitive(true)
        .build()
        .ok()
}

fn rule_list(site: &Site) -> Vec<Rule> {
    let blameless = &site.config.blameless;
    let disabled = |id: &str| blameless.disable.iter().any(|(d, _)| d == id);
    let mut rules: Vec<Rule> = BUILT_IN
        .iter()
        .filter(|r| !disabled(r.0))
        .map(
            |&(id, scopes, sections, patterns, unless, message, suggestion, loose)| Rule {
                id: id.into(),
                scopes: scopes.to_vec(),
                sections,
                patterns: Alternation::of(patterns),
                unless: Alternation::of(unless),
                message: message.into(),
                suggestion: Some(suggestion.into()),
                loose: Some(loose.into()),
            },
        )
        .collect();
    if !disabled("person-as-cause") {
        rules.push(person_as_cause(&blameless.people));
    }
    rules.extend(blameless.rules.iter().map(|r| Rule {
        id: r.id.clone(),
        scopes: if r.scopes.is_empty() {
            vec![
                Scope::Analysis,
                Scope::Actions,
                Scope::Public,
                Scope::Timeline,
            ]
        } else {
            r.scopes.clone()
        },
        sections: &[],
        patterns: Alternation::of(std::slice::from_ref(&r.pattern)),
        unless: Alternation::default(),
        message: r.message.clone(),
        suggestion: r.suggestion.clone(),
        loose: None,
    }));
    rules
}

/// A text to read, with where its first line is in the file.
struct Passage<'a> {
    text: &'a str,
    scope: Scope,
    section: Option<&'static str>,
    line: usize,
    column: usize,
    /// Lines after the first start at this column (list items' continuation lines).
    indent: usize,
}

/// The blameless findings of one incident. The postmortem is read once it is started
/// (draft or published); public updates always.
pub fn check_incident(rules: &Rules, incident: &Incident) -> Vec<Diagnostic> {
    let mut passages = Vec::new();
    let pm = &incident.postmortem;
    if pm.state != PostmortemState::None {
        for (id, text) in pm.sections() {
            if let Some(line) = pm.line_of(id) {
                passages.push(Passage {
                    text,
                    scope: Scope::Analysis,
                    section: Some(id),
                    line,
                    column: 1,
                    indent: 0,
                });
            }
        }
        for section in &pm.addressed {
            passages.push(Passage {
                text: &section.text,
                scope: Scope::Analysis,
                section: None,
                line: section.text_line,
                column: 1,
                indent: 0,
            });
        }
        for item in &pm.action_items {
            passages.push(Passage {
                text: &item.text,
                scope: Scope::Actions,
                section: None,
                line: item.pos.line,
                column: item.pos.column + 4,
                indent: 2,
            });
            if let Some(owner) = &item.owner {
                passages.push(Passage {
                    text: owner,
                    scope: Scope::Actions,
                    section: Some("owner"),
                    line: item.pos.line,
                    column: item.pos.column,
                    indent: 0,
                });
            }
        }
        for entry in &incident.timeline {
            passages.push(Passage {
                text: &entry.text,
                scope: Scope::Timeline,
                section: None,
                line: entry.pos.line,
                column: entry.pos.column,
                indent: 2,
            });
        }
    }
    for update in &incident.updates {
        passages.push(Passage {
            text: &update.text,
            scope: Scope::Public,
            section: None,
            line: update.pos.line + 1,
            column: 1,
            indent: 0,
        });
    }
    for entry in incident
        .timeline
        .iter()
        .filter(|e| e.visibility == Visibility::Public)
    {
        passages.push(Passage {
            text: &entry.text,
            scope: Scope::Public,
            section: None,
            line: entry.pos.line,
            column: entry.pos.column,
            indent: 2,
        });
    }
    let mut found = Vec::new();
    for passage in passages.iter().filter(|p| rules.may_match(p.text)) {
        let lines = readable_lines(passage.text);
        let any = rules.any();
        let mut hits: Vec<usize> = lines
            .iter()
            .filter_map(|l| l.masked.as_deref())
            .filter(|masked| any.is_match(masked))
            .flat_map(|masked| any.matches(masked).into_iter())
            .collect();
        hits.sort_unstable();
        hits.dedup();
        for rule in hits
            .into_iter()
            .map(|n| &rules.list[n])
            .filter(|r| applies(r, passage))
        {
            found.extend(findings(rule, passage, &lines, incident));
        }
    }
    found.sort_by_key(|d| (d.pos.line, d.pos.column));
    found.dedup_by(|a, b| a.pos == b.pos && a.field == b.field);
    found
}

fn applies(rule: &Rule, passage: &Passage<'_>) -> bool {
    if !rule.scopes.contains(&passage.scope) {
        return false;
    }
    match (passage.scope, passage.section) {
        (Scope::Analysis, Some(section)) => {
            rule.sections.is_empty() || rule.sections.contains(&section)
        }
        (Scope::Actions, Some("owner")) => rule.id == "person-as-cause",
        _ => true,
    }
}

/// A line of a passage as the rules read it: its text, and the same with code and
/// quotations blanked; `None` for a line in a code block or a block quote.
struct ReadableLine<'a> {
    raw: &'a str,
    masked: Option<Cow<'a, str>>,
}

fn readable_lines(text: &str) -> Vec<ReadableLine<'_>> {
    let mut fenced = false;
    text.lines()
        .map(|raw| {
            let trimmed = raw.trim_start();
            let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
            if fence {
                fenced = !fenced;
            }
            let skipped = fence || fenced || trimmed.starts_with('>');
            ReadableLine {
                raw,
                masked: (!skipped).then(|| mask_quotes_and_code(raw)),
            }
        })
        .collect()
}

fn findings(
    rule: &Rule,
    passage: &Passage<'_>,
    lines: &[ReadableLine<'_>],
    incident: &Incident,
) -> Vec<Diagnostic> {
    if rule
        .unless
        .regex()
        .is_some_and(|r| r.is_match(passage.text))
    {
        return Vec::new();
    }
    let Some(pattern) = rule.patterns.regex() else {
        return Vec::new();
    };
    let raw: Vec<&str> = lines.iter().map(|l| l.raw).collect();
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let Some(masked) = &line.masked else {
            continue;
        };
        if waived(rule, &raw, n) {
            continue;
        }
        if let Some(m) = pattern.find(masked) {
            let column = masked[..m.start()].chars().count()
                + if n == 0 {
                    passage.column
                } else {
                    passage.indent + 1
                };
            let pos = crate::model::Pos::new(passage.line + n, column);
            out.push(Diagnostic::lint(
                &incident.source,
                pos,
                &rule.id,
                format!("{}: \"{}\"", rule.message, m.as_str().trim()),
                rule.suggestion.clone(),
            ));
        }
    }
    out
}

/// A waiver on the line or the line above: `<!-- vigie-allow: counterfactual -->`.
fn waived(rule: &Rule, lines: &[&str], n: usize) -> bool {
    let allows = |line: &str| {
        line.split("vigie-allow:")
            .skip(1)
            .any(|rest| rest_names(rest, &rule.id))
    };
    allows(lines[n]) || (n > 0 && allows(lines[n - 1]))
}

/// Whether the text after `vigie-allow:` names the rule (ids separated by commas).
fn rest_names(rest: &str, id: &str) -> bool {
    let list = rest.split("-->").next().unwrap_or(rest);
    list.split(',').any(|name| name.trim() == id)
}

/// The line with inline code and quotations blanked out (same number of characters, so
/// columns hold): each character between a `` ` ``, `"`, `“` or `«` and its closing one
/// becomes `_`, whitespace stays. The text outside is copied a stretch at a time.
fn mask_quotes_and_code(line: &str) -> Cow<'_, str> {
    // `“` and `«` start with the bytes 0xE2 and 0xC2: a line without these four bytes has
    // nothing to mask.
    if !has_any_byte(line.as_bytes(), [b'`', b'"', 0xE2, 0xC2]) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((at, closing)) = rest.char_indices().find_map(|(at, c)| {
        let closing = match c {
            '`' => '`',
            '"' => '"',
            '“' => '”',
            '«' => '»',
            _ => return None,
        };
        Some((at + c.len_utf8(), closing))
    }) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (quoted, after) = match rest.find(closing) {
            Some(end) => rest.split_at(end),
            None => (rest, ""),
        };
        out.extend(
            quoted
                .chars()
                .map(|c| if c.is_whitespace() { c } else { '_' }),
        );
        let Some(end) = after.chars().next() else {
            return Cow::Owned(out);
        };
        out.push(end);
        rest = &after[end.len_utf8()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether any byte of `bytes` is one of `wanted`: 32 bytes at a time without stopping
/// inside a block, each byte compared to each wanted one and the results or-ed, which the
/// compiler turns into vector instructions (most lines have none of them).
fn has_any_byte(bytes: &[u8], wanted: [u8; 4]) -> bool {
    let is_wanted = |b: u8| {
        u8::from(b == wanted[0])
            | u8::from(b == wanted[1])
            | u8::from(b == wanted[2])
            | u8::from(b == wanted[3])
    };
    let blocks = bytes.chunks_exact(32);
    let rest = blocks.remainder();
    blocks
        .into_iter()
        .any(|block| block.iter().fold(0, |found, b| found | is_wanted(*b)) != 0)
        || rest.iter().any(|b| is_wanted(*b) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{at, config, incident};
    use crate::model::{
        ActionItem, ActionState, Impact, Pos, TimelineEntry, TimelineKind, Update, UpdateStatus,
    };

    fn site_with(people: &[&str]) -> Site {
        let mut config = config();
        config.blameless.people = people.iter().map(|p| (*p).to_string()).collect();
        Site {
            config,
            incidents: Vec::new(),
            maintenances: Vec::new(),
        }
    }

    /// The rule ids that fire on `text` placed in `place`: a section id, `action` or
    /// `update`. The rules are built once per test: compiling them is the slow part.
    fn fired(rules: &Rules, place: &str, text: &str) -> Vec<String> {
        check_incident(rules, &placed(place, text))
            .into_iter()
            .map(|d| d.field)
            .collect()
    }

    /// An incident with a published postmortem and `text` in `place`: a section id,
    /// `action`, `update` or `timeline` (a public entry).
    fn placed(place: &str, text: &str) -> Incident {
        let mut i = incident(Impact::Major, &[]);
        i.postmortem.state = PostmortemState::Published;
        match place {
            "timeline" => i
                .timeline
                .push(message_at_line_12(Visibility::Public, text)),
            "action" => i.postmortem.action_items.push(ActionItem {
                text: text.into(),
                owner: None,
                due: None,
                kind: None,
                priority: None,
                link: None,
                state: ActionState::Open,
                reason: None,
                clients: Vec::new(),
                pos: Pos::new(30, 1),
            }),
            "update" => i.updates.push(Update {
                at: at("2026-01-01T10:05:00Z"),
                status: UpdateStatus::Identified,
                next: None,
                components: Vec::new(),
                text: text.into(),
                clients: Vec::new(),
                pos: Pos::new(8, 1),
            }),
            section => {
                match section {
                    "causes" => i.postmortem.causes = text.into(),
                    "lessons" => i.postmortem.lessons = text.into(),
                    "lucky" => i.postmortem.lucky = text.into(),
                    "went_well" => i.postmortem.went_well = text.into(),
                    other => panic!("no section {other}"),
                }
                i.postmortem.lines.push((
                    match section {
                        "causes" => "causes",
                        "lessons" => "lessons",
                        "lucky" => "lucky",
                        _ => "went_well",
                    },
                    20,
                ));
            }
        }
        i
    }

    /// Each rule, in English and in French: texts where it must fire, then where it must
    /// not.
    const CASES: &[(&str, &str, &str, bool)] = &[
        (
            "human-error",
            "causes",
            "The outage was caused by human error.",
            true,
        ),
        (
            "human-error",
            "causes",
            "L'incident vient d'une erreur humaine.",
            true,
        ),
        (
            "human-error",
            "causes",
            "The deploy tool allowed two releases at once.",
            false,
        ),
        (
            "human-error",
            "causes",
            "L'outil de déploiement acceptait deux versions à la fois.",
            false,
        ),
        (
            "counterfactual",
            "causes",
            "The engineer should have checked the config.",
            true,
        ),
        (
            "counterfactual",
            "causes",
            "L'équipe aurait dû vérifier la configuration.",
            true,
        ),
        (
            "counterfactual",
            "causes",
            "They failed to notice the alert.",
            true,
        ),
        (
            "counterfactual",
            "causes",
            "L'astreinte n'a pas su lire l'alerte.",
            true,
        ),
        (
            "counterfactual",
            "causes",
            "The job failed to start because the disk was full.",
            false,
        ),
        (
            "counterfactual",
            "lucky",
            "It could have been much worse on a Monday.",
            false,
        ),
        (
            "counterfactual",
            "causes",
            "La configuration n'était pas vérifiée avant l'envoi.",
            false,
        ),
        (
            "character-judgment",
            "causes",
            "A careless change broke the build.",
            true,
        ),
        (
            "character-judgment",
            "causes",
            "Une modification négligente a cassé le lot.",
            true,
        ),
        (
            "character-judgment",
            "causes",
            "A change without review broke the build.",
            false,
        ),
        (
            "character-judgment",
            "causes",
            "Une modification sans relecture a cassé le lot.",
            false,
        ),
        (
            "hindsight",
            "causes",
            "Obviously the index was missing.",
            true,
        ),
        ("hindsight", "causes", "Évidemment, l'index manquait.", true),
        (
            "hindsight",
            "causes",
            "The index was missing; nothing showed it.",
            false,
        ),
        (
            "hindsight",
            "causes",
            "L'index manquait, et rien ne le montrait.",
            false,
        ),
        (
            "fix-people",
            "action",
            "Remind the team to be more careful with migrations",
            true,
        ),
        (
            "fix-people",
            "action",
            "Faire plus attention aux migrations",
            true,
        ),
        (
            "fix-people",
            "action",
            "Block migrations that drop an index without a review",
            false,
        ),
        (
            "fix-people",
            "action",
            "Bloquer les migrations qui suppriment un index sans relecture",
            false,
        ),
        ("vague-action", "action", "Improve monitoring", true),
        ("vague-action", "action", "Améliorer la supervision", true),
        (
            "vague-action",
            "action",
            "Improve monitoring so that a missing report alerts within 5 minutes",
            false,
        ),
        (
            "vague-action",
            "action",
            "Améliorer la supervision pour qu'un rapport manquant alerte en 5 minutes",
            false,
        ),
        (
            "public-eta",
            "update",
            "The service will be restored by 18:00.",
            true,
        ),
        (
            "public-eta",
            "update",
            "Le service sera rétabli d'ici 18:00.",
            true,
        ),
        (
            "public-eta",
            "update",
            "We are working on a fix. Next update at 18:00.",
            false,
        ),
        (
            "public-eta",
            "update",
            "Le correctif sera déployé à 05:30.",
            false,
        ),
        (
            "person-as-cause",
            "causes",
            "The developer forgot to run the migration.",
            true,
        ),
        (
            "person-as-cause",
            "causes",
            "Le développeur a oublié la migration.",
            true,
        ),
        (
            "person-as-cause",
            "causes",
            "The migration was not part of the deploy script.",
            false,
        ),
        (
            "person-as-cause",
            "causes",
            "La migration ne faisait pas partie du script.",
            false,
        ),
    ];

    #[test]
    fn each_rule_fires_where_it_must_and_not_elsewhere() {
        let site = site_with(&[]);
        let checks = rules(&site);
        for (rule, place, text, fires) in CASES {
            let found = fired(&checks, place, text);
            assert_eq!(
                found.iter().any(|f| f == rule),
                *fires,
                "{rule} on {text:?} in {place}: found {found:?}"
            );
            if !fires {
                assert!(found.is_empty(), "{text:?} is fine, found {found:?}");
            }
        }
    }

    #[test]
    fn team_members_may_not_be_named_in_causes_but_may_be_thanked() {
        let site = site_with(&["Alice"]);
        let checks = rules(&site);
        assert_eq!(
            fired(&checks, "causes", "Alice deployed on Friday."),
            ["person-as-cause"]
        );
        assert!(fired(&checks, "went_well", "Alice called the client at once.").is_empty());
    }

    #[test]
    fn code_quotations_and_waivers_are_skipped() {
        let site = site_with(&[]);
        let checks = rules(&site);
        assert!(fired(&checks, "causes", "The log said `human error detected`.").is_empty());
        assert!(
            fired(
                &checks,
                "causes",
                "The client wrote « erreur humaine » in the ticket."
            )
            .is_empty()
        );
        assert!(fired(&checks, "causes", "> You should have told us earlier.").is_empty());
        assert!(
            fired(
                &checks,
                "causes",
                "<!-- vigie-allow: counterfactual -->\nThe vendor's report says we should have patched."
            )
            .is_empty()
        );
        assert_eq!(
            fired(
                &checks,
                "causes",
                "<!-- vigie-allow: hindsight -->\nWe should have patched."
            ),
            ["counterfactual"],
            "a waiver names its rule"
        );
    }

    #[test]
    fn findings_point_at_the_line_and_column() {
        let mut i = incident(Impact::Major, &[]);
        i.postmortem.state = PostmortemState::Draft;
        i.postmortem.causes = "First line.\nThen it was human error.".into();
        i.postmortem.lines.push(("causes", 40));
        let found = check_incident(&rules(&site_with(&[])), &i);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].pos.line, found[0].pos.column), (41, 13));
        assert_eq!(
            found[0].to_string(),
            "warning: i.md:41:13 human-error: \"human error\" names a person as the cause and ends the inquiry: \"human error\" (say what made the action possible and likely: the missing safeguard, the confusing tool, the time pressure)"
        );
    }

    /// A timeline message at 10:20 on line 12, with `visibility` and `text`.
    fn message_at_line_12(visibility: Visibility, text: &str) -> TimelineEntry {
        TimelineEntry {
            at: at("2026-01-01T10:20:00Z"),
            kind: TimelineKind::Message,
            who: None,
            visibility,
            channel: None,
            audience: None,
            next: None,
            text: text.into(),
            clients: Vec::new(),
            pos: Pos::new(12, 3),
        }
    }

    /// A timeline entry at line 12, public or internal, of an incident whose postmortem is
    /// in `state`.
    fn timeline_findings(
        checks: &Rules,
        state: PostmortemState,
        visibility: Visibility,
        text: &str,
    ) -> Vec<String> {
        let mut i = incident(Impact::Major, &[]);
        i.postmortem.state = state;
        i.timeline.push(message_at_line_12(visibility, text));
        check_incident(checks, &i)
            .into_iter()
            .map(|d| d.field)
            .collect()
    }

    #[test]
    fn a_site_rule_that_does_not_compile_leaves_every_other_rule_on() {
        let mut site = site_with(&["Bob"]);
        let rule = |id: &str, pattern: &str| crate::model::CustomRule {
            id: id.into(),
            pattern: pattern.into(),
            message: "a word the team avoids".into(),
            suggestion: None,
            scopes: Vec::new(),
        };
        site.config.blameless.rules = vec![rule("broken", "(unclosed"), rule("oops", r"\boops\b")];
        let checks = rules(&site);
        let causes = "Oops, it was human error.\nBob forgot the migration.\n(unclosed";
        assert_eq!(
            fired(&checks, "causes", causes),
            ["oops", "human-error", "person-as-cause"]
        );
        assert_eq!(
            fired(&checks, "action", "Improve monitoring"),
            ["vague-action"]
        );
        assert_eq!(
            fired(&checks, "action", "Improve monitoring until it alerts"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn turning_one_rule_off_leaves_every_other_rule_on() {
        let mut site = site_with(&["Bob"]);
        site.config.blameless.disable = vec![("hindsight".into(), Pos::new(3, 1))];
        let checks = rules(&site);
        let causes =
            "Obviously it was human error.\nBob forgot the migration.\nThe team should have known.";
        assert_eq!(
            fired(&checks, "causes", causes),
            ["human-error", "person-as-cause", "counterfactual"]
        );
        assert_eq!(
            fired(&checks, "action", "Improve monitoring"),
            ["vague-action"]
        );
        assert_eq!(
            fired(&checks, "update", "It will be fixed by 18:00."),
            ["public-eta"]
        );
        site.config.blameless.disable = vec![("person-as-cause".into(), Pos::new(3, 1))];
        let checks = rules(&site);
        assert_eq!(
            fired(&checks, "causes", causes),
            ["hindsight", "human-error", "counterfactual"]
        );
    }

    #[test]
    fn public_rules_read_public_timeline_entries_and_not_internal_ones() {
        let site = site_with(&[]);
        let checks = rules(&site);
        let eta = "Told them it will be fixed by 18:00.";
        for state in [PostmortemState::None, PostmortemState::Draft] {
            assert_eq!(
                timeline_findings(&checks, state, Visibility::Public, eta),
                ["public-eta"],
                "{state:?}"
            );
            assert!(
                timeline_findings(&checks, state, Visibility::Internal, eta).is_empty(),
                "{state:?}"
            );
        }
        // Without a postmortem, only what clients read is checked.
        assert!(
            timeline_findings(
                &checks,
                PostmortemState::None,
                Visibility::Internal,
                "A careless deploy."
            )
            .is_empty()
        );
        assert_eq!(
            timeline_findings(
                &checks,
                PostmortemState::Draft,
                Visibility::Internal,
                "A careless deploy."
            ),
            ["character-judgment"]
        );
        // A public entry is read as timeline and as public text: one finding, not two.
        assert_eq!(
            timeline_findings(
                &checks,
                PostmortemState::Draft,
                Visibility::Public,
                "A careless deploy."
            ),
            ["character-judgment"]
        );
    }

    #[test]
    fn fenced_code_and_quotations_are_not_read_but_the_rest_of_the_line_is() {
        let site = site_with(&[]);
        let checks = rules(&site);
        for fenced in [
            "Before.\n```\nERROR: human error detected\n```\nAfter.",
            "Before.\n~~~\nERROR: human error detected\n~~~\nAfter.",
            "Before.\n  ```text\nthey should have\n  ```",
        ] {
            assert!(fired(&checks, "causes", fenced).is_empty(), "{fenced:?}");
        }
        assert_eq!(
            fired(
                &checks,
                "causes",
                "```\nlog\n```\nAfter the log, it was human error."
            ),
            ["human-error"],
            "the text after a closed fence is read"
        );
        assert_eq!(
            fired(&checks, "causes", "~~~\nlog\n~~~\nThen human error."),
            ["human-error"]
        );
        for quoted in [
            "The ticket said \"obviously a human error\".",
            "The ticket said “obviously a human error”.",
        ] {
            assert!(fired(&checks, "causes", quoted).is_empty(), "{quoted:?}");
        }
        for after in [
            "The ticket said \"slow\" and it was human error.",
            "The ticket said “slow” and it was human error.",
            "The ticket said « lent » and it was human error.",
            "The log said `slow` and it was human error.",
        ] {
            assert_eq!(
                fired(&checks, "causes", after),
                ["human-error"],
                "{after:?}"
            );
        }
    }

    /// The masking, one character at a time: what `mask_quotes_and_code` must give.
    fn masked_one_char_at_a_time(line: &str) -> String {
        let mut out = String::new();
        let mut closing: Option<char> = None;
        for c in line.chars() {
            match closing {
                Some(end) if c == end => {
                    closing = None;
                    out.push(c);
                }
                Some(_) => out.push(if c.is_whitespace() { c } else { '_' }),
                None => {
                    closing = match c {
                        '`' => Some('`'),
                        '"' => Some('"'),
                        '“' => Some('”'),
                        '«' => Some('»'),
                        _ => None,
                    };
                    out.push(c);
                }
            }
        }
        out
    }

    #[test]
    fn a_quotation_is_masked_wherever_it_opens_in_a_long_line() {
        for opening in ["`", "\"", "“", "«"] {
            for len in 0..100 {
                for at in 0..=len {
                    let line = format!("{}{opening}{}", "x".repeat(at), "y".repeat(len - at));
                    assert_eq!(
                        mask_quotes_and_code(&line),
                        masked_one_char_at_a_time(&line),
                        "{line:?}"
                    );
                }
            }
        }
        let plain = "e".repeat(100);
        assert!(matches!(mask_quotes_and_code(&plain), Cow::Borrowed(_)));
    }

    #[test]
    fn quotations_and_code_are_masked_character_for_character() {
        let pieces = [
            "the ",
            "`",
            "\"",
            "“",
            "”",
            "«",
            "»",
            "é",
            "\u{a0}",
            "\u{202f}",
            " ",
            "x",
            "’",
            "human error",
            "\t",
            "—",
        ];
        let mut state: u32 = 7;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(state % 12) {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                line.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            assert_eq!(
                mask_quotes_and_code(&line),
                masked_one_char_at_a_time(&line),
                "{line:?}"
            );
        }
    }

    #[test]
    fn findings_after_a_quotation_keep_their_column() {
        let mut i = incident(Impact::Major, &[]);
        i.postmortem.state = PostmortemState::Draft;
        i.postmortem.causes = "Le client a écrit « lent » : erreur humaine.".into();
        i.postmortem.lines.push(("causes", 40));
        let found = check_incident(&rules(&site_with(&[])), &i);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].pos.line, found[0].pos.column), (40, 30));
    }

    #[test]
    fn an_owner_is_read_only_for_a_person_named_as_cause() {
        let site = site_with(&["Bob"]);
        let checks = rules(&site);
        let owned_by = |owner: &str| {
            let mut i = incident(Impact::Major, &[]);
            i.postmortem.state = PostmortemState::Draft;
            i.postmortem.action_items.push(ActionItem {
                text: "Alert within 5 minutes when a report is missing".into(),
                owner: Some(owner.into()),
                due: None,
                kind: None,
                priority: None,
                link: None,
                state: ActionState::Open,
                reason: None,
                clients: Vec::new(),
                pos: Pos::new(30, 1),
            });
            check_incident(&checks, &i)
                .into_iter()
                .map(|d| d.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(owned_by("Bob"), ["person-as-cause"]);
        for owner in ["Review board", "Human error task force", "platform team"] {
            assert!(owned_by(owner).is_empty(), "{owner}");
        }
    }

    /// The rules of `site`, and the same rules without their looser patterns: every text
    /// read line by line.
    fn with_and_without_loose(site: &Site) -> (Rules, Rules) {
        let mut general = rules(site);
        general.loose = Alternation::default();
        (rules(site), general)
    }

    #[test]
    fn the_looser_patterns_compile() {
        let site = site_with(&["Bob", "Éloïse", "J. (Ops)"]);
        assert!(rules(&site).loose.regex().is_some());
    }

    #[test]
    fn a_site_rule_leaves_every_text_read_line_by_line() {
        let mut site = site_with(&[]);
        site.config.blameless.rules = vec![crate::model::CustomRule {
            id: "oops".into(),
            pattern: r"\boops\b".into(),
            message: "a word the team avoids".into(),
            suggestion: None,
            scopes: Vec::new(),
        }];
        let checks = rules(&site);
        assert!(checks.loose.regex().is_none());
        assert_eq!(fired(&checks, "causes", "Oops."), ["oops"]);
    }

    /// Words of the rules, their near misses (accents, case, letters around, `ſ` and the
    /// Kelvin sign that match `s` and `k` regardless of case), and what surrounds them.
    const PIECES: &[&str] = &[
        "human error",
        "Human-Errors",
        "humanerror",
        "operator error",
        "erreur humaine",
        "Erreurs Humaines",
        "fautes humaines",
        "erreur de manipulation",
        "should have",
        "ſhould have",
        "SHOULDN'T HAVE",
        "should not have",
        "could have",
        "ought to have",
        "we failed to",
        "they\tfailed to",
        "aurait dû",
        "auraient pu",
        "il aurait fallu",
        "n'a pas su",
        "n'ont pas su",
        "careless",
        "Carelessness",
        "négligent",
        "NÉGLIGENCE",
        "negligent",
        "incompétente",
        "incompetent",
        "irresponsable",
        "irresponsible",
        "imprudence",
        "paresseuse",
        "inattentive",
        "étourderie",
        "obviously",
        "OBVIOUSLY",
        "of course",
        "évidemment",
        "Évidemment",
        "evidently",
        "bien sûr",
        "bien ſûr",
        "manifestement",
        "il suffisait de",
        "il n'y avait qu'à",
        "il était évident",
        "be more careful",
        "pay attention",
        "remind the team",
        "retrain",
        "faire plus attention",
        "être plus vigilants",
        "être plus prudente",
        "redoubler de vigilance",
        "rappeler à l'équipe",
        "resensibiliser",
        "responsabiliser",
        "Improve monitoring",
        "  improve",
        "\u{a0}Enhance",
        "Investigated",
        "Investigate",
        "Optimize",
        "optimiser",
        "Améliorer",
        "AMÉLIORER",
        "améliorerait",
        "étudier",
        "travailler sur",
        "Fiabiliser",
        "will be fixed by",
        "should be restored within",
        "shall be back up in",
        "sera rétabli d'ici",
        "seront corrigés avant",
        "devrait être résolu à",
        "the engineer forgot",
        "The developer broke",
        "an operator didn't",
        "our sre misconfigured",
        "l'ingénieur a oublié",
        "la développeuse s'est trompée",
        "le stagiaire n'a pas",
        "Bob",
        "bob",
        "Bobby",
        "Éloïse",
        "ÉLOÏSE",
        "Éloïsee",
        "J. (Ops)",
        "until 5",
        "so that",
        "é",
        "_",
        "x",
        "5",
        ".",
        ", ",
        " ",
        "  ",
        "\n",
        "\n  ",
        "\r\n",
        "\"",
        "`",
        "“",
        "”",
        "« ",
        " »",
        "> ",
        "```\n",
        "~~~\n",
        "<!-- vigie-allow: human-error -->\n",
        "<!-- vigie-allow: person-as-cause, hindsight -->",
    ];

    #[test]
    fn the_looser_patterns_skip_only_texts_without_findings() {
        let site = site_with(&["Bob", "Éloïse", "J. (Ops)"]);
        let (fast, general) = with_and_without_loose(&site);
        let places = [
            "causes",
            "lessons",
            "went_well",
            "lucky",
            "action",
            "update",
            "timeline",
        ];
        let shown = |checks: &Rules, place: &str, text: &str| -> Vec<String> {
            check_incident(checks, &placed(place, text))
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        for piece in PIECES {
            for text in [
                piece.to_string(),
                format!("Then {piece} at 5."),
                format!("First line.\n{piece}"),
            ] {
                for place in places {
                    assert_eq!(
                        shown(&fast, place, &text),
                        shown(&general, place, &text),
                        "{text:?} in {place}"
                    );
                }
            }
        }
        let mut state: u32 = 11;
        let mut next = |n: usize| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize % n
        };
        let mut found = 0;
        for _ in 0..4_000 {
            let mut text = String::new();
            for _ in 0..1 + next(8) {
                text.push_str(PIECES[next(PIECES.len())]);
            }
            let place = places[next(places.len())];
            let general_findings = shown(&general, place, &text);
            assert_eq!(
                shown(&fast, place, &text),
                general_findings,
                "{text:?} in {place}"
            );
            found += general_findings.len();
        }
        assert!(found > 300, "the texts find little: {found}");
    }

    #[test]
    fn every_rule_fires_the_same_with_and_without_its_looser_pattern() {
        let (fast, general) = with_and_without_loose(&site_with(&["Alice"]));
        for (_, place, text, _) in CASES {
            assert_eq!(
                fired(&fast, place, text),
                fired(&general, place, text),
                "{text:?}"
            );
            for (case, changed) in [
                ("upper", text.to_uppercase()),
                ("lower", text.to_lowercase()),
                ("indented", format!("  {text}")),
                ("quoted", format!("« {text} »")),
                ("glued", format!("é{text}é")),
                ("second line", format!("First.\n{text}")),
            ] {
                assert_eq!(
                    fired(&fast, place, &changed),
                    fired(&general, place, &changed),
                    "{case}: {changed:?}"
                );
            }
        }
    }
}
