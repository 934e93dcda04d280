//! How the response went, read from an incident's timeline and updates: the milestones and
//! the metrics between them, and the record of what customers were told and promised.
//!
//! Tools disagree on where each measure starts, so each metric says it (docs/format.md and
//! the postmortem page show the definitions). A milestone the timeline cannot give stays
//! unknown, never zero.

use chrono::Duration;

use super::{Incident, Instant, Milestone, TimelineKind, Visibility};

/// A response metric: which one, and its value when both its milestones are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    pub kind: MetricKind,
    pub value: Option<Duration>,
}

/// The response metrics, each the time from one milestone to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    /// Detected minus impact started.
    TimeToDetect,
    /// Acknowledged minus detected.
    TimeToAcknowledge,
    /// First customer communication minus detected.
    TimeToFirstContact,
    /// Mitigated minus impact started.
    TimeToMitigate,
    /// Resolved minus impact started.
    TimeToResolve,
    /// Impact ended minus impact started.
    ImpactDuration,
}

impl MetricKind {
    pub const ALL: [MetricKind; 6] = [
        MetricKind::TimeToDetect,
        MetricKind::TimeToAcknowledge,
        MetricKind::TimeToFirstContact,
        MetricKind::TimeToMitigate,
        MetricKind::TimeToResolve,
        MetricKind::ImpactDuration,
    ];

    /// The milestones it goes from and to.
    pub const fn span(self) -> (Milestone, Milestone) {
        match self {
            MetricKind::TimeToDetect => (Milestone::ImpactStarted, Milestone::Detected),
            MetricKind::TimeToAcknowledge => (Milestone::Detected, Milestone::Acknowledged),
            MetricKind::TimeToFirstContact => (Milestone::Detected, Milestone::FirstContact),
            MetricKind::TimeToMitigate => (Milestone::ImpactStarted, Milestone::Mitigated),
            MetricKind::TimeToResolve => (Milestone::ImpactStarted, Milestone::Resolved),
            MetricKind::ImpactDuration => (Milestone::ImpactStarted, Milestone::ImpactEnded),
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            MetricKind::TimeToDetect => "time_to_detect",
            MetricKind::TimeToAcknowledge => "time_to_acknowledge",
            MetricKind::TimeToFirstContact => "time_to_first_contact",
            MetricKind::TimeToMitigate => "time_to_mitigate",
            MetricKind::TimeToResolve => "time_to_resolve",
            MetricKind::ImpactDuration => "impact_duration",
        }
    }
}

/// Where a customer communication went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    StatusPage,
    Call,
    Message,
    CheckIn,
}

/// One thing customers were told: a public update, or a public call, message or check-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Communication<'a> {
    pub at: Instant,
    pub channel: Channel,
    /// The channel as the timeline names it (`Slack`), if it does.
    pub named_channel: Option<&'a str>,
    pub audience: Option<&'a str>,
    pub who: Option<&'a str>,
    /// The Markdown text; for a status-page update, its status is in `status`.
    pub text: &'a str,
    pub status: Option<super::UpdateStatus>,
    /// The time by which it promised the next communication, said or implied by the
    /// cadence.
    pub promise: Option<Promise>,
    /// Public, or seen by the team only (the internal site's record).
    pub visibility: Visibility,
}

/// A promise of the next update, and whether the next communication kept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    pub due: Instant,
    /// Said in the update (`next 22:50`), or implied by the cadence.
    pub explicit: bool,
    /// When the next communication came, if it did.
    pub kept_by: Option<Instant>,
}

impl Promise {
    pub fn is_kept(&self) -> bool {
        self.kept_by.is_some_and(|at| at <= self.due)
    }

    /// How long after the promised time the next communication came, if it did: asked of
    /// broken promises, for which it is positive.
    pub fn lateness(&self) -> Option<Duration> {
        self.kept_by.map(|at| at - self.due)
    }
}

/// The customer-communication record and what it says about the cadence.
#[derive(Debug, Clone, PartialEq)]
pub struct CommunicationRecord<'a> {
    pub communications: Vec<Communication<'a>>,
    pub promises_made: usize,
    pub promises_kept: usize,
    /// The longest time without a communication between the first one and the resolution:
    /// from, to.
    pub longest_silence: Option<(Instant, Instant)>,
}

impl CommunicationRecord<'_> {
    /// The promises the next communication did not keep.
    pub fn broken(&self) -> impl Iterator<Item = (&Communication<'_>, Promise)> {
        self.communications
            .iter()
            .filter_map(|c| c.promise.filter(|p| !p.is_kept()).map(|p| (c, p)))
    }
}

impl Incident {
    /// When a milestone happened: set by hand in the front matter, else read from the
    /// timeline (the first entry of its kind), else unknown.
    pub fn milestone(&self, milestone: Milestone) -> Option<Instant> {
        if let Some((_, at)) = self.milestones.iter().find(|(m, _)| *m == milestone) {
            return Some(*at);
        }
        let first = |kind: TimelineKind| {
            self.timeline
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| e.at)
                .min()
        };
        match milestone {
            Milestone::ImpactStarted => Some(first(TimelineKind::Impact).unwrap_or(self.started)),
            Milestone::Detected => first(TimelineKind::Detection),
            Milestone::Acknowledged => first(TimelineKind::Acknowledged),
            Milestone::FirstContact => {
                let updates = self.updates.iter().map(|u| u.at);
                updates.chain(self.customer_contacts().map(|e| e.at)).min()
            }
            Milestone::Mitigated => first(TimelineKind::Mitigated),
            Milestone::ImpactEnded => first(TimelineKind::Recovery),
            Milestone::Resolved => self.resolved_at(),
        }
    }

    /// The response metrics, in the order of `MetricKind::ALL`.
    pub fn metrics(&self) -> Vec<Metric> {
        MetricKind::ALL
            .iter()
            .map(|&kind| self.metric(kind))
            .collect()
    }

    /// One response metric: the time between the milestones of its span, when both are known.
    pub fn metric(&self, kind: MetricKind) -> Metric {
        let (from, to) = kind.span();
        let value = self
            .milestone(from)
            .zip(self.milestone(to))
            .map(|(from, to)| to - from);
        Metric { kind, value }
    }

    /// The public timeline entries that record a contact with customers (a call, a message,
    /// a check-in).
    fn customer_contacts(&self) -> impl Iterator<Item = &super::TimelineEntry> {
        self.timeline
            .iter()
            .filter(|e| e.visibility == Visibility::Public && e.kind.is_customer_contact())
    }

    /// The communications `audience` sees (the public ones, or all for the team), in time
    /// order, each with the promise it made. `cadence` is the promise implied when an
    /// update names none (None: only explicit promises count).
    pub fn communications(
        &self,
        cadence: Option<Duration>,
        audience: super::Audience,
    ) -> Vec<Communication<'_>> {
        let updates = self.updates.iter().map(|u| Communication {
            at: u.at,
            channel: Channel::StatusPage,
            named_channel: None,
            audience: None,
            who: None,
            text: &u.text,
            status: Some(u.status),
            promise: promise(
                u.next,
                cadence,
                u.status != super::UpdateStatus::Resolved,
                u.at,
            ),
            visibility: Visibility::Public,
        });
        let contacts = self
            .timeline
            .iter()
            .filter(|e| audience.sees(e.visibility) && e.kind.is_customer_contact());
        let entries = contacts.map(|e| Communication {
            at: e.at,
            channel: match e.kind {
                TimelineKind::Call => Channel::Call,
                TimelineKind::CheckIn => Channel::CheckIn,
                _ => Channel::Message,
            },
            named_channel: e.channel.as_deref(),
            audience: e.audience.as_deref(),
            who: e.who.as_deref(),
            text: &e.text,
            status: None,
            promise: promise(e.next, None, true, e.at),
            visibility: e.visibility,
        });
        let mut all: Vec<Communication<'_>> = updates.chain(entries).collect();
        all.sort_by_key(|c| c.at);
        let times: Vec<Instant> = all.iter().map(|c| c.at).collect();
        for communication in &mut all {
            if let Some(promise) = &mut communication.promise {
                // The times are in order: the first one after this communication is the next.
                promise.kept_by = times.iter().find(|t| **t > communication.at).copied();
            }
        }
        all
    }

    /// The communication record `audience` reads, with the incident's cadence (or the
    /// site's) implied where an update promises nothing.
    pub fn communication_record(
        &self,
        site_cadence: Duration,
        audience: super::Audience,
    ) -> CommunicationRecord<'_> {
        let cadence = Some(self.cadence.unwrap_or(site_cadence));
        let communications = self.communications(cadence, audience);
        let promises: Vec<Promise> = communications.iter().filter_map(|c| c.promise).collect();
        let end = self.resolved_at();
        let longest_silence = communications
            .windows(2)
            .map(|pair| (pair[0].at, pair[1].at))
            .filter(|(_, to)| end.is_none_or(|end| *to <= end))
            .max_by_key(|(from, to)| *to - *from);
        CommunicationRecord {
            promises_made: promises.len(),
            promises_kept: promises.iter().filter(|p| p.is_kept()).count(),
            longest_silence,
            communications,
        }
    }
}

/// The promise a communication makes: the time it names, else the cadence's while the
/// incident goes on.
fn promise(
    next: Option<Instant>,
    cadence: Option<Duration>,
    ongoing: bool,
    at: Instant,
) -> Option<Promise> {
    let (due, explicit) = match (next, cadence) {
        (Some(next), _) => (next, true),
        (None, Some(cadence)) if ongoing => (at + cadence, false),
        _ => return None,
    };
    Some(Promise {
        due,
        explicit,
        kept_by: None,
    })
}
