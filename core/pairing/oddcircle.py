def next_odd_round(roster, order, history, cross_department):
    return None
