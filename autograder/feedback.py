"""What students see of the hidden tests in their feedback: each test's outcome and message, not its code.

nbgrader's feedback is the autograded notebook, hidden tests included (by design: jupyter/nbgrader#917).
This course's hidden tests hold reference implementations, so a returned feedback page would hand the
solutions to the next class. ``FEEDBACK_PREPROCESSORS`` are nbgrader's GenerateFeedback preprocessors
with two more: nbgrader's own ClearHiddenTests, which takes the hidden regions out of the test cells, as
in the release, and ``HideTestFrames``, which takes the test cells' frames out of error tracebacks
(IPython shows the code around the failing line). The frames of the student's own code and the error
and its message stay. The autograded notebooks in the course directory keep everything, for instructors.
"""
import re

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades, NbGraderPreprocessor

from .execute import is_graded_test

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


class HideTestFrames(NbGraderPreprocessor):
    """Error tracebacks without the frames of graded test cells' code, which may be hidden tests."""

    def preprocess(self, nb, resources):
        tests = {cell.execution_count for cell in nb.cells if is_graded_test(cell) and cell.execution_count}
        headers = tuple(f"Cell In[{count}]," for count in tests)  # how IPython names a frame in a cell

        def hidden(entry: str) -> str:
            plain = ANSI_ESCAPE.sub("", entry)
            return f"{plain.split(',')[0]}: in a test (its code is not shown)" if plain.startswith(headers) else entry

        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [hidden(entry) for entry in output.traceback]
        return nb, resources


FEEDBACK_PREPROCESSORS = [GetGrades, ClearHiddenTests, HideTestFrames, CSSHTMLHeaderPreprocessor]
