"""Credentials generated in each provider's published format (random bodies of the right alphabet and length,
checksums computed), and texts that look like credentials but are not. Written for these tests; no vendor's or
scanner's example is reused. Shared by the tests and benchmarks/guard_secrets_offline.py."""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
import zlib

B62 = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
LOWER36 = string.ascii_lowercase + string.digits
B64 = B62 + "+/"
URLSAFE = B62 + "_-"
_B62_ORDERED = string.digits + string.ascii_uppercase + string.ascii_lowercase


class Maker:
    """Random key bodies from a seeded generator, so every run sees new-looking but reproducible keys."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def r(self, n: int, alphabet: str = B62) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def crc_token(self, prefix: str) -> str:
        """GitHub/npm style: 30 random base62 characters, then their CRC32 in 6 base62 characters."""
        body = self.r(30)
        n, digits = zlib.crc32(body.encode()), ""
        while n:
            n, rest = divmod(n, 62)
            digits = _B62_ORDERED[rest] + digits
        return prefix + body + digits.rjust(6, "0")

    def password(self) -> str:
        return self.r(4, string.ascii_uppercase) + self.r(4, string.ascii_lowercase) + self.r(3, string.digits) + \
            self.rng.choice("!#+-_*")

    def pem_body(self, lines: int = 6) -> str:
        return "\n".join(self.r(64, B64) for _ in range(lines)) + "\n" + self.r(20, B64) + "=="


def positives(seed: int = 0) -> list[tuple[str, str, str]]:
    """(family, text, the secret that must be inside a blocking finding's span)."""
    m = Maker(seed)
    out: list[tuple[str, str, str]] = []

    def add(family: str, template: str, secret: str) -> None:
        out.append((family, template.format(s=secret), secret))

    add("aws", "export AWS_ACCESS_KEY_ID={s}", "AKIA" + m.r(16, string.ascii_uppercase + "234567"))
    add("aws", "aws_secret_access_key = {s}", m.r(40, B64))
    add("aws", "ASIA key: {s}", "ASIA" + m.r(16, string.ascii_uppercase + "234567"))
    add("github", "git clone https://x:{s}@github.com/acme/app", m.crc_token("ghp_"))
    add("github", "GITHUB_TOKEN={s}", m.crc_token("ghs_"))
    add("github", "oauth token {s} expires soon", m.crc_token("gho_"))
    add("github", "token: {s}", "github_pat_" + m.r(22) + "_" + m.r(59))
    add("npm", "//registry.npmjs.org/:_authToken={s}", m.crc_token("npm_"))
    add("gitlab", "PRIVATE-TOKEN: {s}", "glpat-" + m.r(20, URLSAFE))
    add("gitlab", "runner token {s}", "glrt-" + m.r(20, URLSAFE))
    add("slack", "SLACK_BOT_TOKEN={s}", f"xoxb-{m.r(12, string.digits)}-{m.r(13, string.digits)}-{m.r(24)}")
    add("slack", "post to {s}", f"https://hooks.slack.com/services/T{m.r(8, string.ascii_uppercase)}/"
        f"B{m.r(10, string.ascii_uppercase)}/{m.r(24)}")
    add("stripe", "Stripe.api_key = '{s}'", "sk_live_" + m.r(99))
    add("stripe", "restricted key {s}", "rk_live_" + m.r(24))
    add("stripe", "endpoint secret {s}", "whsec_" + m.r(32))
    add("openai", "OPENAI_API_KEY={s}", "sk-proj-" + m.r(74, URLSAFE) + "T3BlbkFJ" + m.r(74, URLSAFE))
    add("openai", "client = OpenAI(api_key=\"{s}\")", "sk-" + m.r(20) + "T3BlbkFJ" + m.r(20))
    add("anthropic", "ANTHROPIC_API_KEY={s}", "sk-ant-api03-" + m.r(93, URLSAFE) + "AA")
    add("google", "const firebaseKey = \"{s}\";", "AIza" + m.r(35, URLSAFE))
    add("google", "client_secret: {s}", "GOCSPX-" + m.r(28, URLSAFE))
    key_block = ("-----BEGIN PRIVATE KEY-----\\n" + m.r(64, B64) + "\\n" + m.r(64, B64) +
                 "\\n-----END PRIVATE KEY-----\\n")
    sa = json.dumps({"type": "service_account", "project_id": "demo-proj", "private_key_id": m.r(40, HEX)})[:-1]
    out.append(("gcp", sa + ', "private_key": "' + key_block + '"}', key_block))
    add("azure", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={s};EndpointSuffix=core.windows.net",
        m.r(86, B64) + "==")
    add("azure", "AZURE_CLIENT_SECRET={s}", m.r(3, B62) + "8Q~" + m.r(34, URLSAFE + "~."))
    add("twilio", "TWILIO_API_KEY={s}", "SK" + m.r(32, HEX))
    add("twilio", "twilio auth_token = {s}", m.r(32, HEX))
    add("sendgrid", "SENDGRID_API_KEY={s}", "SG." + m.r(22, URLSAFE) + "." + m.r(43, URLSAFE))
    add("mailgun", "MAILGUN_API_KEY={s}", "key-" + m.r(32, HEX))
    add("shopify", "X-Shopify-Access-Token: {s}", "shpat_" + m.r(32, HEX))
    add("huggingface", "login(token=\"{s}\")", "hf_" + m.r(34))
    add("databricks", "DATABRICKS_TOKEN={s}", "dapi" + m.r(32, HEX))
    add("digitalocean", "doctl auth init -t {s}", "dop_v1_" + m.r(64, HEX))
    add("heroku", "HEROKU_API_KEY={s}", "HRKU-AA" + m.r(58, URLSAFE))
    add("heroku", "heroku_api_key: {s}", str(uuid.UUID(int=m.rng.getrandbits(128), version=4)))
    add("datadog", "DD_API_KEY={s}", m.r(32, HEX))
    add("pypi", "password = {s}", "pypi-AgEIcHlwaS5vcmc" + m.r(150, URLSAFE))
    add("docker", "echo {s} | docker login -u bob --password-stdin", "dckr_pat_" + m.r(27, URLSAFE))
    add("atlassian", "JIRA_API_TOKEN={s}", "ATATT3xFfGF0" + m.r(170, URLSAFE) + "=" + m.r(8, HEX.upper()))
    add("linear", "LINEAR_API_KEY={s}", "lin_api_" + m.r(40))
    add("notion", "NOTION_TOKEN={s}", "ntn_" + m.r(11, string.digits) + m.r(35))
    add("postman", "postman key {s}", "PMAK-" + m.r(24, HEX) + "-" + m.r(34, HEX))
    add("doppler", "DOPPLER_TOKEN={s}", "dp.st.prd." + m.r(43))
    add("vault", "VAULT_TOKEN={s}", "hvs." + m.r(95, URLSAFE))
    add("groq", "GROQ_API_KEY={s}", "gsk_" + m.r(52))
    add("xai", "XAI_API_KEY={s}", "xai-" + m.r(80))
    add("perplexity", "key {s}", "pplx-" + m.r(48))
    add("replicate", "REPLICATE_API_TOKEN={s}", "r8_" + m.r(37))
    add("openrouter", "Authorization: Bearer {s}", "sk-or-v1-" + m.r(64, HEX))
    add("sentry", "SENTRY_AUTH_TOKEN={s}", "sntryu_" + m.r(64, HEX))
    add("grafana", "GRAFANA_TOKEN={s}", "glsa_" + m.r(32) + "_" + m.r(8, HEX))
    add("newrelic", "NEW_RELIC_API_KEY={s}", "NRAK-" + m.r(27, string.ascii_uppercase + string.digits))
    add("supabase", "SUPABASE_ACCESS_TOKEN={s}", "sbp_" + m.r(40, HEX))
    add("planetscale", "password: {s}", "pscale_pw_" + m.r(43))
    add("figma", "FIGMA_TOKEN={s}", "figd_" + m.r(40, URLSAFE))
    add("rubygems", "GEM_HOST_API_KEY={s}", "rubygems_" + m.r(48, HEX))
    add("telegram", "bot = Bot(\"{s}\")", m.r(10, string.digits) + ":AA" + m.r(33, URLSAFE))
    add("discord", "webhook {s}", f"https://discord.com/api/webhooks/{m.r(19, string.digits)}/{m.r(68, URLSAFE)}")
    add("age", "{s}", "AGE-SECRET-KEY-1" + m.r(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"))
    add("jwt", "Authorization: Bearer {s}", _jwt(m))
    add("jwt", "id_token={s}", _jwt(m))
    rsa = "-----BEGIN RSA PRIVATE KEY-----\n" + m.pem_body() + "\n-----END RSA PRIVATE KEY-----"
    add("private-key", "id_rsa:\n{s}\n", rsa)
    ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + m.pem_body() + "\n-----END OPENSSH PRIVATE KEY-----"
    add("private-key", "{s}", ssh)
    pkcs8 = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + m.pem_body() + "\n-----END ENCRYPTED PRIVATE KEY-----"
    add("private-key", "key.pem\n{s}", pkcs8)
    pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + m.pem_body() + "\n-----END PGP PRIVATE KEY BLOCK-----"
    add("private-key", "{s}", pgp)
    putty = ("PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 2\n" +
             m.r(64, B64) + "\n" + m.r(40, B64) + "\nPrivate-Lines: 3\n" + "\n".join(m.r(64, B64) for _ in range(3)))
    add("private-key", "{s}\nPrivate-MAC: " + m.r(40, HEX), putty)
    pw = m.password()
    add("connection-string", "DATABASE_URL=postgres://app:{s}@db.internal:5432/app", pw)
    add("connection-string", "mongodb+srv://admin:{s}@cluster0.ab1cd.mongodb.net/?retryWrites=true", m.password())
    add("connection-string", "REDIS_URL=redis://:{s}@cache.internal:6379/0", m.r(24))
    add("connection-string", "amqp://svc:{s}@mq.internal:5672/", m.password())
    add("connection-string", "Server=db1;Database=app;User Id=sa;Password={s};", m.password())
    add("connection-string", "https://deploy:{s}@git.internal/repo.git", m.password())
    add("cli", "curl -u admin:{s} https://api.internal/v1", m.password())
    add("cli", "mysql -h db -u root -p{s} app", m.password())
    add("cli", "mycli --api-key {s} list", m.r(32))
    add("keyword", "token: {s}", m.r(24, LOWER36))
    add("keyword", "SECRET_KEY = '{s}'", m.r(50, B62 + "!@#%^&*(-_=+)"))
    add("keyword", '{{"password": "{s}"}}', m.password())
    add("keyword", "X-Api-Key: {s}", m.r(32))
    add("keyword", "client_secret = \"{s}\"", m.r(40, HEX))
    add("keyword", "  api_key: {s}\n", m.r(32, LOWER36))
    add("keyword", "MY_SERVICE_AUTH_TOKEN={s}", m.r(40))
    add("keyword", "Authorization: Token {s}", m.r(40, HEX))
    add("keyword", "private_key = \"{s}\"", m.r(64, HEX))
    add("keyword", "credentials: {s}", m.r(44, B64) + "=")
    add("keyword", "DB_PASS={s}", m.password())
    add("keyword", "Authorization: Basic {s}",
        base64.b64encode(f"svc:{m.password()}".encode()).decode())
    add("random", "the new access token is {s} and it works", m.r(40))
    return out


def _jwt(m: Maker) -> str:
    def seg(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    header = seg({"alg": "HS256", "typ": "JWT"})
    payload = seg({"sub": m.r(12, string.digits), "iat": m.rng.randint(1600000000, 1800000000), "scope": "read"})
    return f"{header}.{payload}.{m.r(43, URLSAFE)}"


def negatives(seed: int = 1) -> list[str]:
    """Texts with no live credential: placeholders, documentation examples, hashes, ids, code, public keys."""
    m = Maker(seed)
    sha1, sha256 = m.r(40, HEX), m.r(64, HEX)
    return [
        # placeholders and documented examples
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "export STRIPE_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
        "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX", "api_key = '<YOUR_API_KEY>'", "token: ${GITHUB_TOKEN}",
        "password: {{ vault_db_password }}", "cursor.execute(sql, (user, '%s'))  # password=%s",
        "api_key: your_api_key_here", "password = changeme", "secret: example-secret-value",
        "AKIAIOSFODNN7EXAMPLE is the documented example key id", "OPENAI_API_KEY=sk-...",
        "ghp_1234567890abcdefghijklmnopqrstuvwxyz", "token = 'abcdefghijklmnopqrstuvwxyz123456'",
        "Authorization: Bearer <token>", "curl -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com",
        "curl -H 'X-Api-Key: ${API_KEY}' https://api.example.com", "password: ********",
        "docker run -e POSTGRES_PASSWORD=$POSTGRES_PASSWORD postgres",
        "postgres://user:password@localhost:5432/mydb", "mongodb://localhost:27017/test",
        "redis://localhost:6379/0", "https://user@example.com/path", "PGPASSWORD=${PGPASSWORD} psql",
        "jdbc:mysql://localhost:3306/db?user=root&password=", "mysql -u root -p",
        "DB_PASSWORD=<db-password>", "SECRET_KEY = os.environ.get('SECRET_KEY')",
        "api_key = settings.OPENAI_API_KEY", "token = request.headers.get('Authorization')",
        "password = getpass.getpass()", "hashed_password = bcrypt.hashpw(password, bcrypt.gensalt())",
        # provider names beside ids, not keys; digests under key-like names
        f"HEROKU_APP_ID={uuid.UUID(int=m.rng.getrandbits(128), version=4)}", f"DATADOG_SITE_ID={m.r(32, HEX)}",
        f"aws_secret_access_key_sha1 = {m.r(40, HEX)}", "api_key = 'd41d8cd98f00b204e9800998ecf8427e'",
        "DB_USER=admin", "public_key: " + m.r(44, B64),
        # test-mode and publishable keys are info, not blocking
        "sk_test_" + m.r(24), "rzp_test_" + m.r(14), "pk_live_" + m.r(24), "pk_test_" + m.r(24),
        # hashes and ids
        f"commit {sha1}", f"Merge {sha1[:12]} into main", f"sha256:{sha256}",
        f"{sha256}  aiwarden-1.2.0.tar.gz", f"--hash=sha256:{sha256}", f'checksum = "{sha256}"',
        f'"integrity": "sha512-{m.r(86, B64)}=="', f"docker pull nginx@sha256:{sha256}",
        f"h1:{m.r(43, B64)}=", f"md5sum: {m.r(32, HEX)}", f"ETag: \"{m.r(32, HEX)}\"",
        f"request id {uuid.UUID(int=m.rng.getrandbits(128), version=4)} failed",
        f"user_id: {uuid.UUID(int=m.rng.getrandbits(128), version=4)}",
        "the tenant 123e4567-e89b-12d3-a456-426614174000 owns it",
        # versions, colours, paths, numbers
        "pip install torch==2.3.1+cu121 and numpy>=1.26.4", "version: v1.2.3-rc.1+build.20240101",
        "color: #ff00aa; background: #1e1e2e;", "/usr/lib/python3.11/site-packages/urllib3/connectionpool.py",
        "C:\\Users\\Public\\Documents\\report_2024_final_v2.docx", "IPv6 fe80::1ff:fe23:4567:890a",
        "MAC 00:1A:2B:3C:4D:5E", "ISBN 978-3-16-148410-0",
        # identifiers and code
        "def getUserAccessTokenFromRefreshTokenAsync(self): ...", "test_secret_key_rotation_with_expired_token",
        "max_tokens: 4096", "token_type: bearer", "auth: true", "primary_key = 'id'", "key: user_id",
        "sort_key = 'created_at'", "keyboard shortcut: Ctrl+K", "The secret sauce is patience.",
        "password_reset_url = 'https://example.com/reset'", "tokenizer = AutoTokenizer.from_pretrained(name)",
        "private: true", "api_key_header = 'X-API-Key'", "token_count = len(tokens)",
        "PUBLIC_KEY_PATH=/etc/ssl/public.pem", "secret_name: prod-db-credentials",
        "for key, value in os.environ.items():", "cache_key = f'user:{user_id}:profile'",
        # public keys and certificates
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + m.r(43, B64) + " alice@laptop",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + m.r(300, B64) + " bob@host",
        "-----BEGIN PUBLIC KEY-----\n" + m.pem_body(3) + "\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\n" + m.pem_body(4) + "\n-----END CERTIFICATE-----",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        # encoded text
        "payload: " + base64.b64encode(b"Hello, this is an ordinary sentence about the weather today.").decode(),
        "data:image/png;base64," + base64.b64encode(bytes(range(120))).decode(),
    ]
