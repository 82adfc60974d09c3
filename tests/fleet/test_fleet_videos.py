"""Pushed videos over a real HTTP server on loopback: a download cut part-way resumes where it stopped, a file
with the wrong sha256 is refused, and the kiosk plays its old videos until every new file is verified and the
attract screen swaps them in."""

from __future__ import annotations

import hashlib
import os

import pytest

from kiosk import cli
from kiosk.fleet.apply import apply_pending
from kiosk.fleet.content import playing
from tests.fleet.conftest import cli_args
from tests.fleet.kiosks import wait_for
from tests.fleet.servers import FileServer


@pytest.fixture
def files(tmp_path):
    server = FileServer(tmp_path / "served")
    server.folder.mkdir()
    yield server
    server.close()


def _publish(server, name: str, data: bytes) -> dict[str, object]:
    (server.folder / name).write_bytes(data)
    return {"path": name.split("/", 1)[1], "url": server.url(name), "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def _manifest(tmp_path, entries, name="videos.toml"):
    lines = []
    for entry in entries:
        lines += ["[[files]]", *(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}"
                                 for key, value in entry.items()), ""]
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _state(agent):
    return agent.store.reports().get("content", {}).get("reason")


def _serial(agent):
    return agent.store.reports().get("content", {}).get("serial")


def _wait(agent, reason, before):
    """Until the push after `before` (a serial) has come to `reason`."""
    wait_for(lambda: _serial(agent) != before and _state(agent) == reason)


def _push(broker, key, manifest):
    return cli.main(["fleet", "push-videos", str(manifest), "--to", "*", *cli_args(broker, key)])


def _version(server, tag: str, size: int = 400_000) -> list[dict[str, object]]:
    (server.folder / tag).mkdir()
    video = os.urandom(size)
    return [_publish(server, f"{tag}/manifest.toml", f'# videos {tag}\n'.encode()),
            _publish(server, f"{tag}/huong-dan.mp4", video)]


@pytest.mark.expected_log_warnings
def test_videos_resume_are_verified_and_swap_in_only_at_the_attract_screen(kiosks, broker, province, province_key,
                                                                            files, tmp_path, capsys):
    agent = kiosks("xa-a", "k1")
    wait_for(lambda: any(view.online for view in province.kiosks()))
    fleet = agent.data / "fleet"
    assert _push(broker, province_key[0], _manifest(tmp_path, _version(files, "v1"))) == 0
    wait_for(lambda: _state(agent) == "fleet.state.ready")
    assert playing(fleet) is None  # nothing swapped in under a citizen
    assert apply_pending(fleet) == ["content"]
    old = playing(fleet)
    assert (old / "manifest.toml").read_text() == "# videos v1\n"

    second = _version(files, "v2")
    files.drop_after["v2/huong-dan.mp4"] = 150_000  # the link drops part-way through the big file
    before = _serial(agent)
    assert _push(broker, province_key[0], _manifest(tmp_path, second, "v2.toml")) == 0
    _wait(agent, "fleet.state.ready", before)
    asked = [wanted for name, wanted in files.requests if name == "v2/huong-dan.mp4"]
    # Resumed from what had arrived whole (the last partial block is lost with the connection), not fetched again.
    assert len(asked) == 2 and asked[0] == ""
    assert 65536 <= int(asked[1].removeprefix("bytes=").rstrip("-")) <= 150_000
    assert playing(fleet) == old and (old / "manifest.toml").read_text() == "# videos v1\n"  # still the old ones
    apply_pending(fleet)
    assert (playing(fleet) / "huong-dan.mp4").read_bytes() == (files.folder / "v2/huong-dan.mp4").read_bytes()
    assert not old.exists()  # the old push is gone once the new one plays

    third = _version(files, "v3", size=1000)
    third[1]["sha256"] = hashlib.sha256(b"something else").hexdigest()
    assert _push(broker, province_key[0], _manifest(tmp_path, third, "v3.toml")) == 0
    wait_for(lambda: _state(agent) == "fleet.refused.checksum")
    capsys.readouterr()
    assert cli.main(["fleet", "status", *cli_args(broker)]) == 0
    assert "bị từ chối: tệp huong-dan.mp4 không đúng mã sha256 của danh sách" in capsys.readouterr().out
    assert apply_pending(fleet) == []
    assert (playing(fleet) / "manifest.toml").read_text() == "# videos v2\n"


@pytest.mark.expected_log_warnings
def test_a_manifest_reaching_out_of_its_folder_is_refused(kiosks, broker, province, province_key, files, tmp_path):
    agent = kiosks("xa-a", "k1")
    wait_for(lambda: any(view.online for view in province.kiosks()))
    entries = _version(files, "v1")
    entries[1]["path"] = "../../etc/cron.d/x"
    assert _push(broker, province_key[0], _manifest(tmp_path, entries)) == 0
    wait_for(lambda: _state(agent) == "fleet.refused.manifest")
    assert files.requests == []


def test_a_folder_is_pushed_with_its_sizes_and_hashes(kiosks, broker, province, province_key, files):
    agent = kiosks("xa-a", "k1")
    wait_for(lambda: any(view.online for view in province.kiosks()))
    _version(files, "v1")
    assert cli.main(["fleet", "push-videos", str(files.folder / "v1"), "--base-url", files.url("v1"), "--to", "*",
                     *cli_args(broker, province_key[0])]) == 0
    wait_for(lambda: _state(agent) == "fleet.state.ready")
    apply_pending(agent.data / "fleet")
    assert sorted(path.name for path in playing(agent.data / "fleet").iterdir()) == ["huong-dan.mp4", "manifest.toml"]
