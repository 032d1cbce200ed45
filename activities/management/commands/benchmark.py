"""`manage.py benchmark`: a thin door onto activities.benchmark (build a plan, measure, report)."""

import json

from django.core.management.base import BaseCommand, CommandError

from activities.benchmark import measure, results_table


class Command(BaseCommand):
    help = (
        "Build a synthetic plan in a throwaway database (never yours), then measure SQL queries per "
        "page, page times against the admin and against a 100-activity plan, import and export "
        "against openpyxl alone, and the import's peak memory. Exits non-zero if a target is missed."
    )

    def add_arguments(self, parser):
        defaults = measure.Settings()
        parser.add_argument("--activities", type=int, default=defaults.activities, metavar="N")
        parser.add_argument("--updates", type=int, default=defaults.updates, metavar="M")
        parser.add_argument(
            "--plans",
            type=int,
            default=defaults.plans,
            metavar="P",
            help="Plans in the portfolio the N activities are spread over.",
        )
        parser.add_argument(
            "--rows",
            type=int,
            default=defaults.rows,
            metavar="R",
            help="Rows in the imported file.",
        )
        parser.add_argument(
            "--repeat", type=int, default=defaults.repeat, metavar="K", help="Runs per median."
        )
        parser.add_argument(
            "--file-repeat",
            type=int,
            default=defaults.file_repeat,
            metavar="K",
            help="Runs per median for the import and the export (seconds each).",
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print one JSON object."
        )
        parser.add_argument(
            "--no-fail", action="store_true", help="Report missed targets without failing."
        )

    def handle(self, *args, as_json: bool, no_fail: bool, **options):
        settings = measure.Settings(
            activities=options["activities"],
            updates=options["updates"],
            plans=options["plans"],
            rows=options["rows"],
            repeat=options["repeat"],
            file_repeat=options["file_repeat"],
        )
        if min(settings.activities, settings.plans, settings.rows, settings.repeat) < 1 or (
            settings.file_repeat < 1
        ):
            raise CommandError(
                "--activities, --plans, --rows, --repeat and --file-repeat must be at least 1."
            )
        progress = (lambda line: None) if as_json else self.stderr.write
        result = measure.run(settings, progress=progress)
        misses = results_table.missed(result)
        result["missed"] = misses
        if as_json:
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(results_table.table(result))
        if misses and not no_fail:
            raise CommandError(f"{len(misses)} target(s) missed: " + "; ".join(misses))
