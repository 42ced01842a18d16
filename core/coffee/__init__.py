"""Coffee Connect: randomised coffee trials run from chat."""
