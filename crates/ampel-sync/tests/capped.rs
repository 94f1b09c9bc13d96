//! GitHub's 1,000-result search cap through a real sync: the section that was cut
//! short is kept with the account's sync status in SQLite (what the dashboard reads
//! to say "showing 1,000 of N"), and disappears once the section fits again.

use ampel_accounts::{Accounts, Check};
use ampel_core::section::Section;
use ampel_core::{Provider, Secret};
use ampel_fakeforge::{scenario, FakeForge, FakePr};
use ampel_forge::list::{capped, Capped};
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, NewAccount, Store};

type R = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn a_capped_section_is_recorded_with_the_sync_status() -> R {
    let forge = FakeForge::start_with_demo_tokens().await?;
    for n in 1..=1003 {
        forge.add_pr(FakePr::new(
            Provider::Github,
            "octo-org/huge",
            n,
            "bulk",
            scenario::DEMO_LOGIN,
        ));
    }
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let accounts = Accounts::new(store, Validator::new(&HttpConfig::default())?);
    let saved = accounts
        .add(
            NewAccount {
                provider: Provider::Github,
                name: "Work".into(),
                base_url: Some(forge.base_url(Provider::Github)),
                username: None,
                token: Secret::new(scenario::DEMO_GITHUB_TOKEN.into()),
            },
            Check::Validate,
        )
        .await?;
    let id = saved.account.id;
    let report = ampel_sync::sync_all(&accounts, 4, |_| ()).await?;
    assert!(
        report.outcomes[0].result.is_ok(),
        "{:?}",
        report.outcomes[0]
    );
    assert_eq!(accounts.store().cached_prs_of(id).await?.len(), 1000);
    let status = accounts.store().sync_status(id).await?;
    assert_eq!(
        capped(&status.validators),
        vec![Capped {
            section: Section::Mine,
            shown: 1000,
            total: 1003
        }]
    );

    for n in 1..=10 {
        assert!(forge.update_pr(Provider::Github, "octo-org/huge", n, |pr| {
            pr.state = ampel_core::pr::PrState::Merged;
        }));
    }
    ampel_sync::sync_all(&accounts, 4, |_| ()).await?;
    let status = accounts.store().sync_status(id).await?;
    assert!(capped(&status.validators).is_empty(), "993 fit again");
    assert_eq!(accounts.store().cached_prs_of(id).await?.len(), 993);
    Ok(())
}
