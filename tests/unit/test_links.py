"""The link policy shared by scanning and signing: hub snapshots reach their blobs, nothing else leaves."""

import os
from pathlib import Path

from aiwarden.core.links import link_roots, resolve_within


def test_roots_of_a_hub_snapshot_and_of_other_folders() -> None:
    repo = "/c/hub/models--org--name"
    assert link_roots(f"{repo}/snapshots/abc") == (f"{repo}/snapshots/abc", f"{repo}/blobs")
    for path in (f"{repo}/snapshots/abc/sub", repo, f"{repo}/snapshots", "/home/u/models--x/work/snapshots-ish",
                 "/p/spaces--demo/private", "/"):
        assert link_roots(path) == (path,)


def test_every_hop_must_stay_inside(tmp_path: Path) -> None:
    model, outside = tmp_path / "m", tmp_path / "out"
    model.mkdir()
    outside.mkdir()
    (model / "a").write_text("a")
    (model / "inside").symlink_to("a")
    (model / "chain").symlink_to("inside")
    (outside / "hop").symlink_to(model / "a")
    (model / "via-outside").symlink_to(outside / "hop")  # leaves and comes back
    (model / "loop").symlink_to("loop")
    (model / "dangling").symlink_to("nothing")
    roots = (os.path.realpath(model),)
    real_a = os.path.join(os.path.realpath(model), "a")
    assert resolve_within(str(model / "inside"), roots) == real_a
    assert resolve_within(str(model / "chain"), roots) == real_a
    assert resolve_within(str(model / "via-outside"), roots) is None
    assert resolve_within(str(model / "loop"), roots) is None
    assert resolve_within(str(model / "dangling"), roots) == os.path.join(os.path.realpath(model), "nothing")
