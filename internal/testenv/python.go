package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// EnvPython names a Python interpreter to prefer for the tests that drive
// Python libraries.
const EnvPython = "NEWSGRAPH_PYTHON"

// PythonWith returns a Python 3 interpreter that imports every module
// given: $NEWSGRAPH_PYTHON, else Debian's /usr/bin/python3 (where apt puts
// python3-rdflib and its kind), else python3 on the PATH. None fails the
// test where the shared set-up is required (scripts/test, CI) and skips it
// elsewhere.
func PythonWith(t testing.TB, modules ...string) string {
	t.Helper()
	var tried []string
	for _, p := range []string{os.Getenv(EnvPython), "/usr/bin/python3", "python3"} {
		if p == "" {
			continue
		}
		path, err := exec.LookPath(p)
		if err != nil {
			continue
		}
		tried = append(tried, path)
		if exec.Command(path, "-c", "import "+strings.Join(modules, ", ")).Run() == nil {
			return path
		}
	}
	missing(t, "no python3 that imports %s (tried %v): scripts/test installs them (apt-get install python3-rdflib python3-networkx python3-pandas)",
		strings.Join(modules, ", "), tried)
	return ""
}
