"""govstudy."""
