//! The outbox, job slots and the audit chain, as the store keeps them.

use ketenaanpak::domain::audit::Verifier;
use ketenaanpak::store::audit::events::{self, NewEvent};
use ketenaanpak::store::outbox::{self, QueuedMail};
use ketenaanpak::store::{jobs, sql};

use super::{connection, empty_store, noon};
use crate::helpers::Engine;
use crate::on_both_engines;

on_both_engines!(mail_is_queued_once_and_claimed_once, a_job_slot_runs_once, the_audit_chain_checks_out);

async fn mail_is_queued_once_and_claimed_once(engine: Engine) {
    let (store, _dir) = empty_store(engine).await;
    let mut conn = connection(&store).await;
    let now = sql::micros(noon());
    let mail = |id: &str| QueuedMail {
        id: id.into(),
        recipient: "lezer@example.org".into(),
        template: "work_role_granted".into(),
        subject: "Onderwerp".into(),
        body_text: "Tekst".into(),
        body_html: "<p>Tekst</p>".into(),
        dedupe_key: Some("once".into()),
        attachment: None,
    };
    assert!(outbox::insert(&mut conn, &mail("a"), now).await.unwrap());
    assert!(!outbox::insert(&mut conn, &mail("b"), now).await.unwrap(), "the same dedupe key");
    let lease = now + 60_000_000;
    let claimed = outbox::claim_due(&mut conn, now, lease, 10).await.unwrap();
    assert_eq!(claimed.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["a"]);
    assert!(outbox::claim_due(&mut conn, now, lease, 10).await.unwrap().is_empty(), "leased");
    assert!(outbox::mark_sent(&mut conn, "a", now).await.unwrap());
    assert!(!outbox::mark_sent(&mut conn, "a", now).await.unwrap(), "sent once");
    assert!(outbox::claim_due(&mut conn, lease + 1, lease * 2, 10).await.unwrap().is_empty(), "sent is done");
}

async fn a_job_slot_runs_once(engine: Engine) {
    let (store, _dir) = empty_store(engine).await;
    let mut conn = connection(&store).await;
    let now = sql::micros(noon());
    assert!(jobs::claim(&mut conn, "plan_meetings", "2026-11-02", now).await.unwrap());
    assert!(!jobs::claim(&mut conn, "plan_meetings", "2026-11-02", now).await.unwrap());
    let next_day = now + 86_400_000_000;
    assert!(jobs::claim(&mut conn, "plan_meetings", "2026-11-03", next_day).await.unwrap());
    jobs::finish(&mut conn, "plan_meetings", "2026-11-03", next_day + 1, "3 meetings planned").await.unwrap();
    let last = jobs::last_run(&mut conn, "plan_meetings").await.unwrap().expect("a run");
    assert_eq!((last.slot.as_str(), last.outcome.as_deref()), ("2026-11-03", Some("3 meetings planned")));
}

async fn the_audit_chain_checks_out(engine: Engine) {
    let (store, _dir) = empty_store(engine).await;
    let mut conn = connection(&store).await;
    let event = |n: i64| NewEvent {
        id: uuid::Uuid::new_v4().to_string(),
        occurred_at: sql::micros(noon()) + n,
        organisation_id: None,
        actor_user_id: None,
        actor_token_id: None,
        action: "login_failed",
        object_type: None,
        object_id: None,
        result: "denied",
        request_id: None,
    };
    events::append(&mut conn, event(1)).await.unwrap();
    events::append_all(&mut conn, vec![event(2), event(3)]).await.unwrap();
    let batch = events::batch(&mut conn, 0, 100).await.unwrap();
    assert_eq!(batch.len(), 3);
    let mut verifier = Verifier::default();
    for (record, hash) in &batch {
        verifier.check(record, hash).unwrap();
    }
    let (seq, hash) = events::head(&mut conn).await.unwrap();
    assert_eq!(verifier.finish(seq, &hash).unwrap(), 3);
    // The trail is append-only in the database itself, on both engines.
    let changed = sqlx::query("UPDATE audit_events SET result = 'ok' WHERE seq = 2").execute(&mut *conn).await;
    assert!(changed.is_err(), "an event was changed");
    let removed = sqlx::query("DELETE FROM audit_events WHERE seq = 3").execute(&mut *conn).await;
    assert!(removed.is_err(), "an event was removed");
    // And a hash that does not follow from the event is a break at that event.
    let mut verifier = Verifier::default();
    verifier.check(&batch[0].0, &batch[0].1).unwrap();
    assert_eq!(verifier.check(&batch[1].0, "forged").unwrap_err().seq, 2);
}
