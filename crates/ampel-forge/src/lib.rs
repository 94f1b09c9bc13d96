//! Forge clients behind one trait: token validation for GitHub, GitLab, Bitbucket and Gitea.
