//! Repository names compared as each forge compares them, so mute, watch and every
//! CLI argument find the repository whatever case it was typed in.
//!
//! GitHub, GitLab and Gitea/Forgejo resolve `owner/name` (GitLab `group/sub/project`)
//! without regard to ASCII case (their names are ASCII); Bitbucket Cloud's
//! `workspace/slug` is lowercase, a slug being the repository's name lowercased with
//! spaces as hyphens, and its URLs take any case. Leading and trailing `/` and
//! blanks are never part of a name.

use crate::Provider;

/// The form two names of one forge are compared in.
pub fn key(provider: Provider, name: &str) -> String {
    let name = name.trim().trim_matches('/').to_ascii_lowercase();
    match provider {
        Provider::Github | Provider::Gitlab | Provider::Gitea => name,
        Provider::Bitbucket => name
            .split('/')
            .map(|part| part.split_whitespace().collect::<Vec<_>>().join("-"))
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// True when `a` and `b` name one repository on `provider`.
pub fn same(provider: Provider, a: &str, b: &str) -> bool {
    key(provider, a) == key(provider, b)
}

/// Up to three of `known` closest to `name` (by edit distance, near ones only),
/// closest first: the suggestions for a name that matched nothing.
pub fn closest<'a>(
    provider: Provider,
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let wanted = key(provider, name);
    let limit = (wanted.chars().count() / 3).max(2);
    let mut near: Vec<(usize, &str)> = known
        .into_iter()
        .map(|k| (strsim::levenshtein(&wanted, &key(provider, k)), k))
        .filter(|(d, k)| *d <= limit || key(provider, k).ends_with(&format!("/{wanted}")))
        .collect();
    near.sort();
    near.dedup_by(|a, b| a.1 == b.1);
    near.into_iter().take(3).map(|(_, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_without_case_on_every_forge() {
        for p in Provider::ALL {
            assert!(same(p, "ACME/Noisy", "acme/noisy"), "{p:?}");
            assert!(same(p, " /acme/noisy/ ", "acme/noisy"), "{p:?}");
            assert!(!same(p, "acme/noisy", "acme/noisy2"), "{p:?}");
            assert!(!same(p, "acme/noisy", "other/noisy"), "{p:?}");
        }
        assert!(same(Provider::Gitlab, "Group/Sub/Proj", "group/sub/proj"));
    }

    #[test]
    fn a_bitbucket_name_matches_its_slug_and_nothing_else_does() {
        assert!(same(Provider::Bitbucket, "team/My Repo", "team/my-repo"));
        assert!(!same(Provider::Github, "team/My Repo", "team/my-repo"));
    }

    #[test]
    fn the_closest_names_are_near_ones_first() {
        let known = ["acme/noisy", "acme/quiet", "acme/noise", "other/thing"];
        assert_eq!(
            closest(Provider::Github, "acme/nosy", known),
            vec!["acme/noisy", "acme/noise"]
        );
        assert_eq!(
            closest(Provider::Github, "noisy", known),
            vec!["acme/noisy"]
        );
        assert!(closest(Provider::Github, "zzz/completely-else", known).is_empty());
    }
}
