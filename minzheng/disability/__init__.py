"""Community mental-health rehabilitation (精康融合行动): rehab organizations, registered patients, their services and the 1+5+N network."""
