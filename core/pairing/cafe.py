def plan_tables(roster, order, history, k, cross_department, seed):
    raise NotImplementedError
