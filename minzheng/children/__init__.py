"""Children's welfare: child profiles and their categories, child directors and supervisors, visits, the migrant children's service list and the orphan allowances."""
