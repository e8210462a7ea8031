"""The Trivy source reads each expected secret back from its fixture by the test's byte offset and mask."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "guard" / "output_eval"))

from trivy_sources import Finding, _cases, _secret

KEY = (b"-----BEGIN RSA PRIVATE KEY-----\nYObVAoGAGsWtK3K2Q4OSf6Z1az3A\n7eUHc9npsdql24x=\n"
       b"-----END RSA PRIVATE KEY-----\n")


def test_a_single_line_secret_ends_where_its_mask_ends() -> None:
    data = b"# config\r\nexport GITHUB_PAT=ghp_012345678901234567890123456789abcdef # ci\r\n"
    finding = Finding("github-pat", 2, 2, b"GITHUB_PAT=" + b"*" * 40, 28, {})
    secret, shown = _secret(finding, data)
    assert secret == b"ghp_012345678901234567890123456789abcdef"
    assert shown == b"export GITHUB_PAT=ghp_012345678901234567890123456789abcdef # ci\r"


def test_a_long_line_is_shown_as_the_match_window() -> None:
    data = b"a" * 600 + b' k="pk_live_0123456789abcdef" ' + b"b" * 600
    finding = Finding("stripe", 1, 1, b'a k="' + b"*" * 24 + b'" b', 604, {})
    secret, shown = _secret(finding, data)
    assert secret == b"pk_live_0123456789abcdef"
    assert shown == b'a k="pk_live_0123456789abcdef" b'


def test_a_multi_line_key_runs_to_the_mask_of_its_last_line_and_keeps_its_armour() -> None:
    finding = Finding("private-key", 2, 3, b"*" * 28, 32, {2: b"*" * 28, 3: b"*" * 16})
    secret, shown = _secret(finding, KEY)
    assert secret == b"YObVAoGAGsWtK3K2Q4OSf6Z1az3A\n7eUHc9npsdql24x="
    assert shown == KEY.rstrip(b"\n")


def test_a_mask_that_disagrees_with_the_fixture_is_an_error() -> None:
    finding = Finding("github-pat", 1, 1, b"TOKEN=" + b"*" * 10, 6, {})
    with pytest.raises(ValueError, match="not found"):
        _secret(finding, b"GITHUB_PAT=ghp_0123456789\n")


def test_cases_resolve_named_helper_and_inline_findings() -> None:
    source = '''package secret_test

func TestSecretScanner(t *testing.T) {
	token := strings.Repeat("*", 4)
	wantA := types.SecretFinding{
		RuleID:    "aws-access-key-id",
		StartLine: 2,
		EndLine:   2,
		Match:     "KEY=" + token,
		Offset:    9,
	}
	build := func(ruleID string, length int) types.SecretFinding {
		masked := strings.Repeat("*", length)
		return types.SecretFinding{
			RuleID:    ruleID,
			StartLine: 1,
			EndLine:   1,
			Match:     masked,
			Offset:    0,
		}
	}
	wantB := build("openai-legacy-api-key", 51)
	tests := []struct {
		name string
	}{
		{
			// a comment before the name
			name:          "named and helper",
			configPath:    filepath.Join("testdata", "skip-test.yaml"),
			inputFilePath: "testdata/a.txt",
			want: types.Secret{
				Findings: []types.SecretFinding{wantA, wantB},
			},
		},
		{
			name:          "inline",
			configPath:    filepath.Join("testdata", "skip-test.yaml"),
			inputFilePath: filepath.Join("testdata", "b.txt"),
			want: types.Secret{
				Findings: []types.SecretFinding{
					{
						RuleID:    "github-pat",
						StartLine: 3,
						EndLine:   3,
						Match:     `t=****`,
						Offset:    7,
					},
				},
			},
		},
		{
			name:          "none",
			configPath:    filepath.Join("testdata", "skip-test.yaml"),
			inputFilePath: filepath.Join("testdata", "c.txt"),
			want:          types.Secret{},
		},
	}
}
'''
    cases = _cases(source)
    assert [(name, config, fixture) for name, config, fixture, _ in cases] == [
        ("named and helper", "skip-test.yaml", "a.txt"), ("inline", "skip-test.yaml", "b.txt"),
        ("none", "skip-test.yaml", "c.txt")]
    assert cases[0][3] == [Finding("aws-access-key-id", 2, 2, b"KEY=****", 9, {}),
                           Finding("openai-legacy-api-key", 1, 1, b"*" * 51, 0, {})]
    assert cases[1][3] == [Finding("github-pat", 3, 3, b"t=****", 7, {})]
    assert cases[2][3] == []
