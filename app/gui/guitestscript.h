#pragma once

/**
 * @file
 * A test-only way to drive the real program: when the environment variable
 * `NPY_INSPECTOR_TEST_SCRIPT` names a file, the first window runs its lines once its file has
 * opened (tests/tst_crashrecovery.cpp kills the program after them and starts it again). The
 * variable is for tests only; nothing else reads the script.
 *
 * Lines (words separated by tabs; `#` starts a comment line):
 * - `answer recover|discard|later`: how the recovery prompt is answered (read before the file opens);
 *   the prompt's text is written to the report
 * - `edit KEY FLAT VALUE`: types VALUE into element FLAT (C order) of member KEY (merges as typing does)
 * - `paste KEY FLAT VALUE...`: one step writing the values from element FLAT on
 * - `fill KEY FLAT COUNT STEP VALUE`: one step writing VALUE at COUNT elements FLAT, FLAT+STEP, ...
 * - `rename KEY NEW`, `delete KEY`, `duplicate KEY`, `undo`, `redo`
 * - `add PATH`: adds the arrays of PATH (as File > Add Array from File)
 * - `copy PATH KEY [FLAT VALUE]`: copies member KEY of PATH in (as a drop from another window), after
 *   typing VALUE into its element FLAT there when given
 * - `save`, `quit`
 * Each line done is written, and `done` at the end, to the file `NPY_INSPECTOR_TEST_REPORT`; an
 * error ends the script with `error: ...`.
 */

class MainWindow;

/** Installs the test script of the environment, if any, on \a window (before it opens its file). */
void installTestScript(MainWindow *window);
