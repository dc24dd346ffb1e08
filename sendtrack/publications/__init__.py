"""Published summaries for the SEND Scrutiny Sub-Committee and the public: drafted, submitted,
approved by a director, published as a frozen snapshot, corrected only by a new version."""
