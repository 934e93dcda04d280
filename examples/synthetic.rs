//! Writes a synthetic vigie site of N incidents, deterministic for a seed, for benchmarks:
//! incidents of 2 to 8 KB with updates, timelines and (for a third) published postmortems,
//! and maintenance windows, spread back in time from 2026-11-23.
//!
//! Usage: cargo run --release --example synthetic -- INCIDENTS OUT_DIR [SEED]

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (xorshift64*).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const COMPONENTS: &[(&str, &str, &str)] = &[
    ("api", "Public API", "Platform"),
    ("dashboard", "Dashboard", "Platform"),
    ("login", "Login and SSO", "Platform"),
    ("search", "Search", "Platform"),
    ("reports", "Weekly reports", "Reports"),
    ("exports", "Exports", "Reports"),
    ("scheduler", "Scheduler", "Reports"),
    ("webhooks", "Webhooks", "Integrations"),
    ("email", "Email notifications", "Integrations"),
    ("sms", "SMS notifications", "Integrations"),
    ("billing", "Billing", "Integrations"),
    ("docs", "Documentation", "Integrations"),
];

const WORDS: &[&str] = &[
    "the",
    "queue",
    "database",
    "replica",
    "latency",
    "errors",
    "customers",
    "requests",
    "deploy",
    "configuration",
    "cache",
    "index",
    "timeout",
    "retry",
    "region",
    "traffic",
    "is",
    "was",
    "are",
    "being",
    "checked",
    "restored",
    "monitored",
    "investigated",
    "slow",
    "partial",
    "some",
    "all",
    "reports",
    "exports",
    "after",
    "before",
    "while",
    "we",
];

fn sentence(random: &mut Random, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(random.pick(WORDS));
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => s,
    }
}

fn paragraph(random: &mut Random, sentences: usize) -> String {
    (0..sentences)
        .map(|_| {
            let words = 6 + random.below(12) as usize;
            sentence(random, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let count: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let out = Path::new(args.get(2).map_or("synthetic", String::as_str));
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    std::fs::create_dir_all(out.join("content/incidents"))?;
    std::fs::create_dir_all(out.join("content/maintenance"))?;
    let mut config = String::from(
        "title = \"Synthetic status\"\nbase_url = \"https://status.synthetic.example/\"\nlanguage = \"en\"\ntimezone = \"Europe/Paris\"\ncadence = \"1h\"\n",
    );
    for (id, name, group) in COMPONENTS {
        let _ = write!(
            config,
            "\n[[components]]\nid = \"{id}\"\nname = \"{name}\"\ngroup = \"{group}\"\n"
        );
    }
    std::fs::write(out.join("config.toml"), config)?;
    // Incidents every 6 hours on average, back from 2026-11-23 08:00 UTC.
    let end = 1_795_420_800_i64; // 2026-11-23T08:00:00Z
    for n in 0..count {
        let start = end - (n as i64) * 21_600 - random.below(14_400) as i64;
        write_incident(out, n, start, &mut random)?;
    }
    for n in 0..(count / 20).max(1) {
        let start = end + 86_400 * 3 - (n as i64) * 432_000;
        let ends = start + 3_600 * (1 + random.below(4) as i64);
        let component = COMPONENTS[random.below(COMPONENTS.len() as u64) as usize].0;
        let description = paragraph(&mut random, 2);
        let announcement = paragraph(&mut random, 1);
        let text = format!(
            "---\ntitle: Planned work {n}\nstarts: {}\nends: {}\ncomponents: [{component}]\n---\n{}\n\n## Updates\n\n### {} [scheduled]\n{}\n",
            utc(start),
            utc(ends),
            description,
            utc(start - 86_400 * 5),
            announcement,
        );
        std::fs::write(out.join(format!("content/maintenance/m{n:06}.md")), text)?;
    }
    Ok(())
}

fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn write_incident(out: &Path, n: u64, start: i64, random: &mut Random) -> std::io::Result<()> {
    let impacts = ["minor", "minor", "major", "critical", "none"];
    let statuses = ["degraded_performance", "partial_outage", "major_outage"];
    let published = random.below(3) == 0;
    let mut text = String::new();
    let title = sentence(random, 5);
    let impact = random.pick(&impacts);
    let _ = writeln!(
        text,
        "---\ntitle: {}\nimpact: {impact}\nstarted: {}",
        title.trim_end_matches('.'),
        utc(start)
    );
    text.push_str("components:\n");
    let first = random.below(COMPONENTS.len() as u64) as usize;
    for k in 0..(1 + random.below(3) as usize) {
        let (id, _, _) = COMPONENTS[(first + k) % COMPONENTS.len()];
        let status = random.pick(&statuses);
        let _ = writeln!(text, "  {id}: {status}");
    }
    let _ = writeln!(
        text,
        "postmortem: {}\n---\n\n## Updates\n",
        if published { "published" } else { "none" }
    );
    let updates = 3 + random.below(6) as i64;
    let mut at = start + 300;
    for u in 0..updates {
        let status = if u == updates - 1 {
            "resolved"
        } else {
            ["investigating", "identified", "monitoring"][(u as usize).min(2)]
        };
        let next = if status == "resolved" {
            String::new()
        } else {
            ", next 1h".to_string()
        };
        let sentences = 2 + random.below(4) as usize;
        let _ = writeln!(
            text,
            "### {} [{status}{next}]\n{}\n",
            utc(at),
            paragraph(random, sentences)
        );
        at += 600 + random.below(3_000) as i64;
    }
    text.push_str("## Timeline\n\n");
    let kinds = [
        "detection",
        "acknowledged",
        "call",
        "message",
        "check-in",
        "decision",
        "fix",
        "deploy",
        "verification",
        "note",
    ];
    let mut at = start;
    for _ in 0..(5 + random.below(11)) {
        let public = if random.below(3) == 0 { ", public" } else { "" };
        let kind = random.pick(&kinds);
        let words = 8 + random.below(10) as usize;
        let _ = writeln!(
            text,
            "- {} [{kind}, on-call{public}] {}",
            utc(at),
            sentence(random, words)
        );
        at += 120 + random.below(1_200) as i64;
    }
    if published {
        for section in [
            "Summary",
            "Impact",
            "Trigger",
            "Contributing causes",
            "Detection",
            "Resolution",
            "What went well",
            "What went wrong",
            "Lessons learned",
        ] {
            let sentences = 2 + random.below(4) as usize;
            let _ = writeln!(text, "\n## {section}\n\n{}", paragraph(random, sentences));
        }
        text.push_str("\n## Action items\n\n");
        for a in 0..(1 + random.below(4)) {
            let done = if a % 2 == 0 { " " } else { "x" };
            let item = sentence(random, 7);
            let day = 1 + random.below(28);
            let _ = writeln!(
                text,
                "- [{done}] {item} [owner: platform team, due: 2026-12-{day:02}, type: prevent]"
            );
        }
    }
    std::fs::write(out.join(format!("content/incidents/i{n:06}.md")), text)
}
