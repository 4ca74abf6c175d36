"""unspin: trace a news article to its sources and name every change that was made."""
