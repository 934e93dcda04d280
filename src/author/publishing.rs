//! The files `vigie init` writes for publishing a site from its own repository: the GitHub
//! Actions workflow (the vigie Action, and "Post a status update") and `netlify.toml`. Both
//! run a released vigie binary, of this version, from the repository named in Cargo.toml.

/// Where the GitHub Actions workflow goes.
pub const WORKFLOW_PATH: &str = ".github/workflows/status-page.yml";

/// Where Netlify's configuration goes.
pub const NETLIFY_PATH: &str = "netlify.toml";

/// vigie's repository, as Cargo.toml names it: `https://github.com/OWNER/NAME`.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The workflow that checks and publishes the site on every push and every hour, and posts
/// a status update from a form, with the vigie Action of this version.
pub fn workflow() -> String {
    fill(include_str!("publishing/status-page.yml"))
}

/// Netlify's configuration: the build with this version's released binary, then the
/// headers that vigie's own site is served with.
pub fn netlify_toml() -> String {
    let mut text = fill(include_str!("publishing/netlify-build.toml"));
    text.push_str(headers(include_str!("../../netlify.toml")));
    text
}

/// The version and the repository written into a file.
fn fill(template: &str) -> String {
    template
        .replace("{vigie_version}", env!("CARGO_PKG_VERSION"))
        .replace("{vigie_repository}", REPOSITORY)
        .replace("{vigie_action}", &action())
}

/// The Action's reference in a workflow: `OWNER/NAME@vVERSION`, the release's tag.
fn action() -> String {
    let path = REPOSITORY
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .rsplitn(3, '/')
        .take(2)
        .collect::<Vec<_>>();
    let owner_name = match path.as_slice() {
        [name, owner] => format!("{owner}/{name}"),
        _ => REPOSITORY.to_string(),
    };
    format!("{owner_name}@v{}", env!("CARGO_PKG_VERSION"))
}

/// The headers part of a `netlify.toml`: from the comment above its first `[[headers]]`
/// table to its end.
fn headers(netlify_toml: &str) -> &str {
    let Some(first) = netlify_toml.find("\n[[headers]]") else {
        return "";
    };
    let mut start = first + 1;
    for line in netlify_toml[..first].lines().rev() {
        if !line.starts_with('#') {
            break;
        }
        start -= line.len() + 1;
    }
    &netlify_toml[start..]
}

#[cfg(test)]
mod tests {
    use super::{action, headers, netlify_toml, workflow};

    #[test]
    fn the_action_is_the_repositorys_at_this_version() {
        assert_eq!(
            action(),
            concat!("vigie-status/vigie@v", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn headers_start_at_the_comment_above_the_first_table() {
        let toml =
            "[build]\n  publish = \"public\"\n\n# Cache.\n# Always.\n[[headers]]\n  for = \"/*\"\n";
        assert_eq!(
            headers(toml),
            "# Cache.\n# Always.\n[[headers]]\n  for = \"/*\"\n"
        );
        assert_eq!(headers("[build]\n"), "");
    }

    #[test]
    fn no_placeholder_is_left() {
        for text in [workflow(), netlify_toml()] {
            assert!(!text.contains("{vigie_"), "{text}");
        }
        let netlify = netlify_toml();
        assert!(netlify.contains(concat!(
            "VIGIE_VERSION = \"",
            env!("CARGO_PKG_VERSION"),
            "\""
        )));
        assert!(netlify.contains("https://github.com/vigie-status/vigie/releases/download/v"));
        assert_eq!(netlify.matches("[build]").count(), 1);
        assert!(netlify.contains("for = \"/assets/*\""));
    }
}
