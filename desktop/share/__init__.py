"""Sharing a timeline through git: the form it takes in a repository (form.py), the
git program run for the user (git.py) and publishing, cloning and syncing (sync.py). No Qt."""
