//! The sentences vigie writes for clients when the person at the keyboard gives none: right
//! with no component, one or several, in English and in French (with its articles).

/// "We are investigating a problem affecting API and Web app." / "Nous analysons un
/// problème qui touche l'API publique et les exports CSV."
pub fn investigating(french: bool, components: &[&str]) -> String {
    if french {
        match components {
            [] => "Nous analysons un problème.".to_string(),
            names => {
                let named: Vec<String> = names.iter().map(|n| with_article(n)).collect();
                format!(
                    "Nous analysons un problème qui touche {}.",
                    listed(&named, "et")
                )
            }
        }
    } else {
        match components {
            [] => "We are investigating a problem.".to_string(),
            names => {
                let named: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
                format!(
                    "We are investigating a problem affecting {}.",
                    listed(&named, "and")
                )
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn listed(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// A component's name in running French text, with its article: `l'API publique`,
/// `les rapports hebdomadaires`, and, where the name does not say its gender, `le service
/// Tableau de bord`.
fn with_article(name: &str) -> String {
    let name = name.trim();
    let first_word = name.split_whitespace().next().unwrap_or("");
    let starts_with_vowel = first_word
        .chars()
        .next()
        .is_some_and(|c| "aeiouyhâàéèêëîïôûüAEIOUYHÂÀÉÈÊËÎÏÔÛÜ".contains(c));
    let plural = first_word.chars().count() > 3 && first_word.ends_with(['s', 'x']);
    if starts_with_vowel && !plural {
        format!("l'{}", lowercased(name))
    } else if plural {
        format!("les {}", lowercased(name))
    } else {
        format!("le service {name}")
    }
}

/// The name with its first letter lowercased, unless its first word is an acronym (`API`).
fn lowercased(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::investigating;

    #[test]
    fn english_lists_zero_one_or_several_components() {
        assert_eq!(investigating(false, &[]), "We are investigating a problem.");
        assert_eq!(
            investigating(false, &["API"]),
            "We are investigating a problem affecting API."
        );
        assert_eq!(
            investigating(false, &["API", "Web app", "Exports"]),
            "We are investigating a problem affecting API, Web app and Exports."
        );
    }

    #[test]
    fn french_gives_each_name_its_article() {
        assert_eq!(investigating(true, &[]), "Nous analysons un problème.");
        assert_eq!(
            investigating(true, &["API publique"]),
            "Nous analysons un problème qui touche l'API publique."
        );
        assert_eq!(
            investigating(
                true,
                &["Exports CSV et Excel", "Tableau de bord", "Hébergement"]
            ),
            "Nous analysons un problème qui touche les exports CSV et Excel, le service Tableau de bord et l'hébergement."
        );
        assert_eq!(
            investigating(true, &["Rapports hebdomadaires", "Notifications e-mail"]),
            "Nous analysons un problème qui touche les rapports hebdomadaires et les notifications e-mail."
        );
    }
}
