//! The closed vocabularies of the format: impacts, statuses, timeline kinds, languages.
//!
//! Each word has one canonical spelling (Atlassian Statuspage's where it has one) and may
//! have French aliases, so that a French writer can use her own words in the body of a file.

use std::borrow::Cow;

use serde::Serialize;

/// The first of a word's aliases, or its canonical spelling when it has none.
macro_rules! first_alias {
    ($canonical:literal $(,)?) => {
        $canonical
    };
    ($canonical:literal, $alias:literal $(, $rest:literal)*) => {
        $alias
    };
}

/// Declares an enum of words with canonical names and aliases, plus lookup helpers.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $canonical:literal $([$($alias:literal),*])?),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in order of severity or of appearance in an incident.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical spelling, as written in files and in the JSON API.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canonical),+ }
            }

            /// The French spelling: the first alias, or the canonical word.
            pub const fn french(self) -> &'static str {
                match self { $($name::$variant => first_alias!($canonical $(, $($alias),*)?)),+ }
            }

            /// Reads a canonical word or one of its aliases, ignoring case and accents.
            pub fn parse(word: &str) -> Option<Self> {
                const SPELLINGS: &[(&str, $name)] = &[$(
                    ($canonical, $name::$variant),
                    $($(($alias, $name::$variant),)*)?
                )+];
                // Every spelling, folded once for the life of the program.
                static FOLDED: std::sync::LazyLock<Vec<(String, $name)>> =
                    std::sync::LazyLock::new(|| {
                        SPELLINGS.iter().map(|(s, v)| (fold(s), *v)).collect()
                    });
                // Every spelling as listed, with the value its folded form reads as: a word
                // written as listed (`degraded_performance`), as nearly all are, is found
                // without folding it.
                static AS_LISTED: std::sync::LazyLock<Vec<(&'static str, Option<$name>)>> =
                    std::sync::LazyLock::new(|| {
                        SPELLINGS
                            .iter()
                            .map(|(s, _)| {
                                let folded = fold(s);
                                let value = FOLDED
                                    .iter()
                                    .find(|(spelling, _)| *spelling == folded)
                                    .map(|(_, value)| *value);
                                (*s, value)
                            })
                            .collect()
                    });
                if let Some((_, value)) = AS_LISTED.iter().find(|(listed, _)| *listed == word) {
                    return *value;
                }
                let word = folded(word);
                FOLDED.iter().find(|(spelling, _)| *spelling == *word).map(|(_, value)| *value)
            }

            /// The canonical spellings, for hints.
            pub fn canonical() -> Vec<&'static str> {
                vec![$($canonical),+]
            }

            /// Every accepted spelling, canonical ones first, for hints.
            pub fn spellings() -> Vec<&'static str> {
                let mut words = vec![$($canonical),+];
                $($(words.extend::<[&'static str; _]>([$($alias),*]);)?)+
                words
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// One character as `fold` reads it.
fn fold_char(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        '’' => '\'',
        '_' => ' ',
        other => other,
    }
}

/// Whether a word is written folded already, as most are: printable ASCII other than
/// uppercase letters and `_`, in parts joined by single spaces.
fn is_folded(word: &str) -> bool {
    let plain = |b: u8| matches!(b, b'!'..=b'@' | b'['..=b'^' | b'`'..=b'~');
    // As if a space came before the word: a space first, or two in a row, leave a part
    // empty, as does one last, or an empty word.
    let mut previous = b' ';
    for &b in word.as_bytes() {
        let fits = if b == b' ' {
            previous != b' '
        } else {
            plain(b)
        };
        if !fits {
            return false;
        }
        previous = b;
    }
    previous != b' '
}

/// Lowercases and strips the French accents, so that `Résolu` and `resolu` read the same.
pub fn fold(word: &str) -> String {
    folded(word).into_owned()
}

/// `fold`, lending back a word that is folded already instead of copying it: the words of
/// every entry's brackets are folded to be compared, and nearly all are.
pub fn folded(word: &str) -> Cow<'_, str> {
    if is_folded(word) {
        return Cow::Borrowed(word);
    }
    let folded = word
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Cow::Owned(folded)
}

vocabulary!(
    /// How bad an incident is for clients (Statuspage's `impact`).
    Impact {
        None => "none" ["aucun"],
        Minor => "minor" ["mineur"],
        Major => "major" ["majeur"],
        Critical => "critical" ["critique"],
    }
);

vocabulary!(
    /// The status of a component (Statuspage's component statuses), least severe first.
    ComponentStatus {
        Operational => "operational" ["opérationnel"],
        UnderMaintenance => "under_maintenance" ["en maintenance"],
        DegradedPerformance => "degraded_performance" ["performances dégradées", "dégradé"],
        PartialOutage => "partial_outage" ["panne partielle"],
        MajorOutage => "major_outage" ["panne majeure"],
    }
);

vocabulary!(
    /// The status of a public incident update (Statuspage's incident statuses).
    UpdateStatus {
        Investigating => "investigating" ["enquête", "analyse"],
        Identified => "identified" ["identifié"],
        Monitoring => "monitoring" ["surveillance"],
        Resolved => "resolved" ["résolu"],
    }
);

vocabulary!(
    /// The status of a maintenance update (Statuspage's maintenance statuses).
    MaintenanceStatus {
        Scheduled => "scheduled" ["planifiée", "planifie"],
        InProgress => "in_progress" ["en cours"],
        Verifying => "verifying" ["vérification"],
        Completed => "completed" ["terminée", "termine"],
    }
);

vocabulary!(
    /// What a timeline entry records.
    TimelineKind {
        Impact => "impact" ["début d'impact"],
        Detection => "detection" ["détection", "alerte"],
        Acknowledged => "acknowledged" ["prise en charge"],
        Call => "call" ["appel"],
        Message => "message" [],
        CheckIn => "check-in" ["point", "checkin"],
        Fallback => "fallback" ["secours", "solution de secours"],
        Decision => "decision" ["décision"],
        Fix => "fix" ["correctif"],
        Deploy => "deploy" ["déploiement"],
        Verification => "verification" ["vérification"],
        Mitigated => "mitigated" ["atténuation", "contournement"],
        Recovery => "recovery" ["rétablissement", "fin d'impact"],
        Feedback => "feedback" ["retour client", "retour"],
        Note => "note" [],
    }
);

vocabulary!(
    /// The moments of an incident that response metrics are measured between.
    Milestone {
        ImpactStarted => "impact_started" ["début d'impact"],
        Detected => "detected" ["détecté", "détection"],
        Acknowledged => "acknowledged" ["pris en charge", "prise en charge"],
        FirstContact => "first_contact" ["premier contact"],
        Mitigated => "mitigated" ["atténué", "atténuation"],
        ImpactEnded => "impact_ended" ["fin d'impact"],
        Resolved => "resolved" ["résolu", "résolution"],
    }
);

vocabulary!(
    /// Who may see a timeline entry. Internal unless said otherwise.
    Visibility {
        Internal => "internal" ["interne"],
        Public => "public" [],
    }
);

vocabulary!(
    /// Whether a postmortem may be published.
    PostmortemState {
        None => "none" ["aucun"],
        Draft => "draft" ["brouillon"],
        Published => "published" ["publié"],
    }
);

vocabulary!(
    /// Where an action item stands.
    ActionState {
        Open => "open" ["ouvert"],
        Done => "done" ["fait"],
        WontDo => "wont_do" ["abandonné"],
    }
);

vocabulary!(
    /// Where a blameless rule looks: the postmortem's written sections (analysis), the
    /// action items, what clients read (updates and public entries), every timeline entry.
    BlamelessScope {
        Analysis => "analysis" ["analyse"],
        Actions => "actions" [],
        Public => "public" [],
        Timeline => "timeline" ["chronologie"],
    }
);

vocabulary!(
    /// What an action item does about the incident.
    ActionKind {
        Prevent => "prevent" ["prévenir", "prévention"],
        Detect => "detect" ["détecter", "détection"],
        Mitigate => "mitigate" ["atténuer", "atténuation"],
        Process => "process" ["processus"],
        Other => "other" ["autre"],
    }
);

vocabulary!(
    /// How urgent an action item is, the most urgent first.
    Priority {
        High => "high" ["haute", "p1"],
        Medium => "medium" ["moyenne", "p2"],
        Low => "low" ["basse", "p3"],
    }
);

#[allow(
    clippy::derivable_impls,
    reason = "the enum comes from `vocabulary!`, which cannot mark a default variant"
)]
impl Default for PostmortemState {
    fn default() -> Self {
        PostmortemState::None
    }
}

impl ComponentStatus {
    /// Whether clients can use the component as usual.
    pub fn is_operational(self) -> bool {
        self == ComponentStatus::Operational
    }
}

impl TimelineKind {
    /// Whether the entry is a contact with the client: a call, a message, a check-in.
    pub fn is_customer_contact(self) -> bool {
        matches!(
            self,
            TimelineKind::Call | TimelineKind::Message | TimelineKind::CheckIn
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_aliases_read_without_accents_or_case() {
        assert_eq!(UpdateStatus::parse("Résolu"), Some(UpdateStatus::Resolved));
        assert_eq!(UpdateStatus::parse("resolu"), Some(UpdateStatus::Resolved));
        assert_eq!(
            UpdateStatus::parse("IDENTIFIÉ"),
            Some(UpdateStatus::Identified)
        );
        assert_eq!(TimelineKind::parse("Appel"), Some(TimelineKind::Call));
        assert_eq!(TimelineKind::parse("check-in"), Some(TimelineKind::CheckIn));
        assert_eq!(
            ComponentStatus::parse("major_outage"),
            Some(ComponentStatus::MajorOutage)
        );
        assert_eq!(
            ComponentStatus::parse("panne majeure"),
            Some(ComponentStatus::MajorOutage)
        );
    }

    #[test]
    fn words_fold_to_lowercase_unaccented_single_spaced() {
        for (word, folded) in [
            ("check-in", "check-in"),
            ("panne majeure", "panne majeure"),
            ("  Panne \t Majeure ", "panne majeure"),
            ("major_outage", "major outage"),
            ("a  b", "a b"),
            (" x", "x"),
            ("Été’s", "ete's"),
            ("", ""),
            (" ", ""),
            ("A", "a"),
            ("API", "api"),
            ("_", ""),
            ("É", "e"),
            ("[résolu]", "[resolu]"),
        ] {
            assert_eq!(fold(word), folded, "{word:?}");
        }
        assert_eq!(
            ComponentStatus::parse("Major Outage"),
            Some(ComponentStatus::MajorOutage)
        );
        assert_eq!(TimelineKind::parse("cal"), None);
    }

    #[test]
    fn words_written_folded_are_lent_back_as_they_are() {
        for word in ["check-in", "panne majeure", "next 22:50", "a", "[x]"] {
            assert!(
                matches!(folded(word), Cow::Borrowed(w) if w == word),
                "{word:?}"
            );
        }
        for word in ["", " ", "a ", " a", "a  b", "A", "a_b", "é", "a\tb"] {
            assert!(matches!(folded(word), Cow::Owned(_)), "{word:?}");
            assert_eq!(folded(word), fold(word), "{word:?}");
        }
    }

    #[test]
    fn words_written_as_listed_read_as_their_folded_form() {
        // `degraded_performance` is not folded (`_`), yet read without folding it: it must
        // read as the value its folded form names, as every other spelling of the list.
        for status in ComponentStatus::ALL {
            assert_eq!(ComponentStatus::parse(status.as_str()), Some(*status));
            assert_eq!(ComponentStatus::parse(status.french()), Some(*status));
        }
        for kind in TimelineKind::ALL {
            for spelling in [kind.as_str(), kind.french()] {
                assert_eq!(TimelineKind::parse(spelling), Some(*kind), "{spelling}");
                let shouted = spelling.to_uppercase();
                assert_eq!(TimelineKind::parse(&shouted), Some(*kind), "{shouted}");
            }
        }
        assert_eq!(ActionState::parse("wont_do"), ActionState::parse("Wont Do"));
        assert_eq!(Visibility::parse("on-call"), None);
    }

    #[test]
    fn unknown_words_are_refused() {
        assert_eq!(Impact::parse("severe"), None);
        assert_eq!(UpdateStatus::parse(""), None);
    }

    #[test]
    fn component_statuses_are_ordered_by_severity() {
        assert!(ComponentStatus::MajorOutage > ComponentStatus::PartialOutage);
        assert!(ComponentStatus::PartialOutage > ComponentStatus::DegradedPerformance);
        assert!(ComponentStatus::DegradedPerformance > ComponentStatus::UnderMaintenance);
        assert!(ComponentStatus::UnderMaintenance > ComponentStatus::Operational);
    }
}
