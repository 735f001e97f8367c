"""Reading what a team types: owners, school-calendar dates, recurrence, several actions, titles, set-up words.

Nothing here imports the conversation or the LLM layer; both build on it.
"""
