"""A real Mosquitto broker on 127.0.0.1 for the fleet tests and bench/fleet.py: its own TLS CA and server
certificate (made here with `cryptography`), password file, ACL and persistence folder; a free port; stopped and
started again at will (the persistence keeps retained messages), killed for good by `close()`."""

from __future__ import annotations

import datetime
import ipaddress
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PROVINCE = "tinh-thu"
PROVINCE_USER = "province"
PROVINCE_PASSWORD = "province-secret"
KIOSK_PASSWORD = "kiosk-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for localhost / 127.0.0.1: (ca.pem, server.pem, server.key)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test province CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    server = (x509.CertificateBuilder()
              .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
              .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=2))
              .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                          x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                             critical=False)
              .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(server.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(_pem(key))
    return paths


ACL = f"""# The province's own client reads and writes the whole tree of its province.
user {PROVINCE_USER}
topic readwrite kiosks/{PROVINCE}/#
topic readwrite fleet/{PROVINCE}/#

# Each kiosk (user name = its kiosk id, unique in the province): only its own topics.
pattern write kiosks/{PROVINCE}/+/%u/#
pattern read fleet/{PROVINCE}/+/%u/#
"""


class Mosquitto:
    """`start()`, `stop()` (SIGTERM: it saves its retained messages), `start()` again, `close()` in the end."""

    def __init__(self, folder: Path, kiosk_users: list[str], tls: bool = True, autosave_s: int = 1) -> None:
        """`autosave_s`: how often the broker writes its retained messages to disk (it does at SIGTERM too); the
        bench uses docs/fleet.md's 60, as a province would."""
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.tls = tls
        self.ca, server, key = make_ca(folder)
        passwords = folder / "passwords"
        passwords.write_text("")
        users = [(PROVINCE_USER, PROVINCE_PASSWORD)] + [(user, KIOSK_PASSWORD) for user in kiosk_users]
        batch = "".join(f"{user}:{password}\n" for user, password in users)
        passwords.write_text(batch)
        subprocess.run(["mosquitto_passwd", "-U", str(passwords)], check=True, capture_output=True)
        (folder / "acl").write_text(ACL)
        (folder / "data").mkdir(exist_ok=True)
        lines = [
            # As root, Mosquitto would switch to user mosquitto, who cannot read the test's private folder.
            "user root" if os.geteuid() == 0 else "",
            "per_listener_settings false", "allow_anonymous false",
            f"password_file {passwords}", f"acl_file {folder / 'acl'}",
            "persistence true", f"persistence_location {folder / 'data'}/", f"autosave_interval {autosave_s}",
            # Unlimited queues: a kiosk back after a week, and the province reading 15,000 retained days.
            "max_queued_messages 0", "max_inflight_messages 0",
            f"log_dest file {folder / 'mosquitto.log'}", "log_type error", "log_type warning", "log_type notice",
            f"listener {self.port} 127.0.0.1",
        ]
        if tls:
            lines += [f"cafile {self.ca}", f"certfile {server}", f"keyfile {key}"]
        (folder / "mosquitto.conf").write_text("\n".join(lines) + "\n")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"{'mqtts' if self.tls else 'mqtt'}://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(["mosquitto", "-c", str(self.folder / "mosquitto.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mosquitto ended: {self.process.stderr.read().decode() if self.process.stderr else ''}"
                                   f"{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not listen")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def close(self) -> None:
        self.stop()

    def log(self) -> str:
        """What the broker logged (errors, warnings, notices: connections and why they ended)."""
        return (self.folder / "mosquitto.log").read_text(errors="replace")

    def cpu_s(self) -> float:
        """Processor time the running broker has used so far (user and system), in seconds."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14 and 15)

    def rss_kib(self) -> int:
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
