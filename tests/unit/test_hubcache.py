"""Which folders count as a Hugging Face hub cache repository (the boundary for following links)."""

from aiwarden.core.hubcache import hub_repository, link_boundary


def test_snapshot_and_its_subfolders_belong_to_the_repository() -> None:
    repo = "/c/hub/models--org--name"
    assert hub_repository(f"{repo}/snapshots/abc") == repo
    assert hub_repository(f"{repo}/snapshots/abc/sub/dir") == repo
    assert hub_repository("/c/hub/datasets--org--data/snapshots/r1") == "/c/hub/datasets--org--data"


def test_other_folders_are_their_own_boundary() -> None:
    for path in ("/c/hub/models--org--name", "/c/hub/models--org--name/snapshots", "/c/hub/models--org--name/blobs",
                 "/home/u/models--lookalike/project", "/home/u/snapshots/x", "/models-not/snapshots/x", "/"):
        assert hub_repository(path) is None
        assert link_boundary(path) == path
