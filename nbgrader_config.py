# nbgrader configuration of the course, read by `nbgrader` run from the repository root (`make
# assignments`) and by the autograder (`python -m autograder`), so releases and grading agree.
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "dlcv"
c.CourseDirectory.source_directory = "solutions"    # solution notebooks with hidden tests (private)
c.CourseDirectory.release_directory = "assignments"  # what students get (public)

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Cells of the assignments may train small models: give each cell minutes, not nbgrader's 30 s.
c.Execute.timeout = 600
