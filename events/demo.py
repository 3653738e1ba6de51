"""Demo data for the events app. Each part seeds its own; volunteering (issue 6) runs after the summits."""


def seed(*, scale: int, stdout) -> str:
    from .volunteering.demo import seed as seed_volunteering

    return f"volunteering: {seed_volunteering(scale=scale, stdout=stdout)}"
