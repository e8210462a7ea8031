"""Prompt guard: detect prompt injection, jailbreaks, smuggled text and unsafe output."""
