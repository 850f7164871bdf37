"""The welfare lottery: stations, monthly sales, the 公益金 and promotion events."""
