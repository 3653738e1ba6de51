"""The default attendee survey: short (under two minutes), then an optional "about you".

Beside the programme's own questions it asks the short standard core of the question bank (``StandardMeasure``
with ``in_core``: overall job Q60, fairness Q62C, trust NQ135BD), word for word, so its answers can be compared
with the force's own survey. An entry with ``standard`` takes its wording and options from the bank."""

from btb.accounts.enums import AgeBand, Ethnicity, Gender

from .enums import InterestArea, QuestionKind

PERCEPTION = [
    "Much more positive",
    "A bit more positive",
    "No change",
    "A bit more negative",
    "Much more negative",
]

DEFAULT_QUESTIONS = [
    {
        "key": "overall",
        "kind": QuestionKind.RATING,
        "text": "Overall, how was the event?",
        "required": True,
        "help_text": "1 is poor, 5 is excellent.",
    },
    {
        "key": "perception",
        "kind": QuestionKind.SINGLE,
        "text": "Did the event change how you see the police?",
        "choices": PERCEPTION,
    },
    {
        "key": "recommend",
        "kind": QuestionKind.SINGLE,
        "text": "Would you recommend an event like this to a friend?",
        "choices": ["Yes", "Maybe", "No"],
    },
    {"standard": "pas-q60"},
    {"standard": "pas-q62c"},
    {"standard": "pas-nq135bd"},
    {
        "key": "interest",
        "kind": QuestionKind.MULTIPLE,
        "text": "Would you be interested in any of these?",
        "help_text": "Tick any that apply. This does not sign you up to anything.",
        "choices": [label for _, label in InterestArea.choices],
    },
    {"key": "differently", "kind": QuestionKind.TEXT, "text": "What should we do differently next time?"},
    {
        "key": "age_band",
        "kind": QuestionKind.SINGLE,
        "text": "Your age",
        "about_you": True,
        "choices": [label for _, label in AgeBand.choices],
    },
    {
        "key": "ethnicity",
        "kind": QuestionKind.SINGLE,
        "text": "Your ethnic group",
        "about_you": True,
        "choices": [label for _, label in Ethnicity.choices],
    },
    {
        "key": "gender",
        "kind": QuestionKind.SINGLE,
        "text": "Your gender",
        "about_you": True,
        "choices": [label for _, label in Gender.choices],
    },
]
