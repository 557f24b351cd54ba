"""Every point of the guide brief, mapped to the page and heading that covers it."""

BRIEF_POINTS: list[tuple[str, str, str]] = [
    # (the brief's idea in a few words, page path in the built site, heading id)
    # First days: respond, don't react
    ("a no is not a verdict on you", "first-days/", "not-a-verdict"),
    (
        "'more qualified' is the organization's partly subjective judgment",
        "first-days/",
        "more-qualified-is-a-judgment-call",
    ),
    ("grace builds your reputation; bitterness damages it", "first-days/", "handle-it-with-grace"),
    ("take a day or a few, emotions in check first", "first-days/", "give-it-a-day"),
    ("vent only to people outside work", "first-days/", "vent-outside-work"),
    ("no worse off than yesterday: same job, same skills", "first-days/", "nothing-is-lost"),
    ("never argue the decision or claim you were more qualified", "first-days/", "dont-argue-the-decision"),
    ("asking showed ambition; no 'no' means a comfort zone", "first-days/", "be-proud-you-asked"),
    # Ask the hiring manager for feedback
    ("internal candidates can get feedback more easily", "ask-for-feedback/", "use-your-inside-advantage"),
    ("make clear you accept the decision; argument kills candor", "ask-for-feedback/", "accept-the-decision"),
    (
        "useful questions: what decided it, the chosen person's skills, how to be stronger",
        "ask-for-feedback/",
        "ask-what-decided-it",
    ),
    ("answers range from interview technique to a skill gap", "ask-for-feedback/", "what-you-might-hear"),
    # Talk with your own manager about your goals
    ("your manager probably knows you applied: a natural opening", "talk-with-your-manager/", "use-the-opening"),
    ("bring ideas: more responsibility, visibility, a byline", "talk-with-your-manager/", "bring-ideas"),
    (
        "ask for a candid read of your prospects; some roles have no path up",
        "talk-with-your-manager/",
        "ask-for-an-honest-read",
    ),
    (
        "blockers like relationships, reputation, initiative; managers won't volunteer them",
        "talk-with-your-manager/",
        "ask-what-holds-you-back",
    ),
    ("asking doesn't break trust; your manager wants a strong team", "talk-with-your-manager/", "trust-is-not-broken"),
    ("draft your own path: skills, results, timeframe, outside factors", "talk-with-your-manager/", "draft-your-path"),
    ("work with your manager as collaborators", "talk-with-your-manager/", "work-together"),
    ("promotions are a lagging indicator", "talk-with-your-manager/", "show-the-next-level"),
    ("regular career-development meetings keep your goals known", "talk-with-your-manager/", "keep-talking"),
    ("keep a record of achievements and praise for reviews", "talk-with-your-manager/", "record-your-wins"),
    # Take stock
    ("do you understand why, what it would take, how realistic", "take-stock/", "do-you-know-why"),
    ("does your manager value you and want to keep you", "take-stock/", "does-your-manager-value-you"),
    ("is there a path here, or must you leave to advance", "take-stock/", "is-there-a-path-here"),
    ("self-assessment: gaps, accomplishments, next level, shortfalls", "take-stock/", "assess-yourself"),
    ("widen the feedback: more people, more often", "take-stock/", "widen-the-feedback"),
    # Make a plan
    ("turn the feedback into a plan of attack", "make-a-plan/", "turn-feedback-into-a-plan"),
    ("give the plan a timeline", "make-a-plan/", "set-a-timeline"),
    ("development: courses, certifications, stretch projects, mentors, networking", "make-a-plan/", "ways-to-grow"),
    ("remove uncertainty so you don't go into each cycle merely hoping", "make-a-plan/", "remove-the-guesswork"),
    ("stay and grow here, or look outside too", "make-a-plan/", "choose-your-path"),
    (
        "if promotion looks unlikely: network, résumé, outside roles, market value, or look now",
        "make-a-plan/",
        "if-promotion-looks-unlikely",
    ),
    ("put the application energy into a longer-term roadmap", "make-a-plan/", "the-long-game"),
    # When the feedback can't be acted on
    (
        "a requirement the employer gives no way to meet: arbitrary or really needed",
        "when-feedback-cant-be-acted-on/",
        "arbitrary-or-needed",
    ),
    (
        "small or flat organizations: get the experience elsewhere",
        "when-feedback-cant-be-acted-on/",
        "get-experience-elsewhere",
    ),
    (
        "union or government classification rules can forbid on-the-job training",
        "when-feedback-cant-be-acted-on/",
        "check-the-rules",
    ),
    (
        "an employer owes fair pay and treatment for today's job, not every experience",
        "when-feedback-cant-be-acted-on/",
        "what-your-employer-owes-you",
    ),
    (
        "you may not actually want the role, and that is valid",
        "when-feedback-cant-be-acted-on/",
        "do-you-want-the-role",
    ),
    ("story: took the feedback and won the role the second time", "stories/", "won-it-the-second-time"),
    ("story: a role was created after a strong internal interview", "stories/", "a-role-was-created"),
    ("story: turned down a late counter-offer because the damage was done", "stories/", "counter-offer-too-late"),
    ("a strong internal application is an audition for future roles", "when-feedback-cant-be-acted-on/", "an-audition"),
    # For managers and HR
    ("tell the internal candidate privately, before the news spreads", "for-managers/", "tell-them-first"),
    ("don't announce or promise a promotion until signed off", "for-managers/", "dont-promise-early"),
    ("a cold form e-mail is a poor way to deliver the news", "for-managers/", "talk-dont-email"),
    ("follow a no with concrete next steps toward their goals", "for-managers/", "offer-next-steps"),
]
