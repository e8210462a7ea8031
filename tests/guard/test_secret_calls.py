"""Credentials passed to a call with no label beside them (by position, to a method named for them, to an API
client's constructor), and the same calls given variables, references, placeholders and ordinary values."""

from __future__ import annotations

import random
import string

import pytest

from aiwarden.guard import Guard
from aiwarden.guard.secret_calls import POSITIONAL_CREDENTIALS, SCREEN, call_credentials
from tests.guard.secret_acted import acted as _acted

_RNG = random.Random("secret-calls")
PASSWORD = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(14))
KEY = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(32))
SECRET_40 = "".join(_RNG.choice(string.ascii_letters + string.digits + "+/") for _ in range(40))


@pytest.mark.parametrize(("text", "value"), [
    # by position, as the API documents it
    (f'Connection c = DriverManager.getConnection(url, "app", "{PASSWORD}");', PASSWORD),
    (f'Connection c = DriverManager.getConnection("jdbc:postgresql://db/orders", "app", "{PASSWORD}");', PASSWORD),
    (f'try (Connection c = dataSource.getConnection("report", "{PASSWORD}")) {{', PASSWORD),
    (f"const sequelize = new Sequelize('orders', 'app', '{PASSWORD}', {{ host: 'db', dialect: 'mysql' }});",
     PASSWORD),
    (f'$pdo = new PDO($dsn, "app", "{PASSWORD}");', PASSWORD),
    (f'$db = mysqli_connect("db.internal", "app", "{PASSWORD}", "orders");', PASSWORD),
    (f'$db = new mysqli($host, "app", "{PASSWORD}", "orders");', PASSWORD),
    (f'conn = pymysql.connect("db.internal", "app", "{PASSWORD}", "orders")', PASSWORD),
    (f'ftp_login($ftp, "uploader", "{PASSWORD}");', PASSWORD),
    (f'my $dbh = DBI->connect("dbi:Pg:dbname=orders", "app", "{PASSWORD}");', PASSWORD),
    (f'$c = oci_connect("hr", "{PASSWORD}", "db/XE");', PASSWORD),
    (f'con = cx_Oracle.connect("hr", "{PASSWORD}", "db.internal/orclpdb1")', PASSWORD),
    (f'ftp = ftplib.FTP("ftp.example.org", "uploader", "{PASSWORD}")', PASSWORD),
    (f'$mbox = imap_open("{{imap.example.org:993/imap/ssl}}INBOX", "ops", "{PASSWORD}");', PASSWORD),
    (f'auth := smtp.PlainAuth("", "ops", "{PASSWORD}", "smtp.example.org")', PASSWORD),
    (f'AwsBasicCredentials.create(keyId, "{SECRET_40}")', SECRET_40),
    (f'auth = tweepy.OAuthHandler(consumer_key, "{KEY}")', KEY),
    (f'String credential = Credentials.basic("jesse", "{PASSWORD}");', PASSWORD),
    (f'auth = new UsernamePasswordAuthenticationToken("admin", "{PASSWORD}");', PASSWORD),
    (f'var client = new OpenAIClient(new ApiKeyCredential("{KEY}"));', KEY),
    (f'new TextAnalyticsClient(endpoint, new AzureKeyCredential("{KEY}"));', KEY),
    # a method named for the credential it takes
    (f'DataSourceBuilder.create().url(u).username("app").password("{PASSWORD}").build();', PASSWORD),
    (f'new PostgreSQLContainer<>("postgres:16").withUsername("app").withPassword("{PASSWORD}");', PASSWORD),
    (f'dataSource.setPassword("{PASSWORD}");', PASSWORD),
    (f'setPassword("{PASSWORD}");', PASSWORD),  # a bare setter, at the start of the text
    (f'user.set_password("{PASSWORD}")', PASSWORD),
    (f'OpenAIClient client = OpenAIClient.builder().apiKey("{KEY}").build();', KEY),
    (f'SlackClient.builder().token("{KEY}").build()', KEY),
    (f'config.setClientSecret("{KEY}");', KEY),
    (f'let config = OpenAIConfig::new().with_api_key("{KEY}");', KEY),
    # an API client built from one literal
    (f'let client = Client::new("{KEY}"); // api key', KEY),
    (f'c := weather.NewClient("{KEY}")', KEY),
])
def test_a_credential_passed_to_a_call_is_found(text: str, value: str) -> None:
    assert _acted(text) == [value]
    assert Guard(use_model=False).scan_output(text).action == "redact"


@pytest.mark.parametrize("text", [
    "Connection c = DriverManager.getConnection(url, user, password);",
    'Connection c = DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"));',
    'Connection c = DriverManager.getConnection("jdbc:postgresql://db/orders", props);',
    'Connection c = DriverManager.getConnection(url, "app", "changeme");',
    'Connection c = DriverManager.getConnection(url, "app", "${DB_PASSWORD}");',
    "const sequelize = new Sequelize('orders', 'app', process.env.DB_PASS, { dialect: 'mysql' });",
    '$pdo = new PDO($dsn, $user, $pass);',
    'ds.setPassword("<your-password>");',
    'builder.password(System.getenv("DB_PASSWORD"))',
    'if (!encoder.matches(raw, user.getPassword())) {',
    'user.check_password("Wq4nZr8TbX2m")',  # a password tested, not set
    'assert hash_password("Wq4nZr8TbX2m") != stored',
    'lexer.token("IDENTIFIER")',
    f'cache.key("user:{PASSWORD}")',  # a bare .key() names a cache or map key
    'map.setKey("primary")',
    'auth = new UsernamePasswordAuthenticationToken(principal, null, authorities);',
    'Credentials.basic(user, pass)',
    'new AzureKeyCredential(System.getenv("AZURE_KEY"))',
    'getConnection(url, "app", "two words")',
    'ftp = FTP("ftp.example.org")',
    'ftp = FTP("ftp.example.org", "anonymous", "guest@example.org")',
    "auth := smtp.PlainAuth(\"\", user, pass, host)",
    'Client::new("https://api.example.com")',
    'let client = Client::new("localhost:6379");',
    'http = HttpClient("orders-service")',
])
def test_calls_given_variables_placeholders_or_ordinary_values_stay_quiet(text: str) -> None:
    assert _acted(text) == []


def test_the_positional_table_reads_only_the_documented_place() -> None:
    text = f'getConnection("{PASSWORD}", "app", "{PASSWORD[::-1]}")'
    assert [text[s:e] for s, e, _ in call_credentials(text)] == [PASSWORD[::-1]]  # the last argument only
    unreadable = f'getConnection(url, "app", "{PASSWORD}" + suffix)'  # the last argument is an expression
    assert list(call_credentials(unreadable)) == []


def test_the_screen_lets_every_positional_callee_through() -> None:
    assert all(any(word in row.callee for word in SCREEN) for row in POSITIONAL_CREDENTIALS)
