"""A development set for the exfiltration detector, written apart from the held-out evaluation."""
