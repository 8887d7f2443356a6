"""Product recommendations (issue 21): item-to-item weights learned in Python, scored in SQL.

similarity.py  the two learners (item-kNN, EASE) and the top-k neighbour table the warehouse loads
evaluate.py    ranking metrics on a time split (NDCG@10, hit rate, recall, coverage)
fit.py         `lifecycle train`'s step: choose the learner on the time split, refit, the artefact and registry rows
"""
