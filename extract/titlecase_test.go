package extract

import "testing"

func TestIsTitleCase(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"US Remains Committed to Ending Military Mission in Iraq by September", true},
		{"Pentagon Says Troops Will Leave Syrian Outpost Within Weeks", true},
		{"UN peacekeepers quit Kidal camp in Mali as rebels move in", false},
		{"The Kurdistan Region Counter-Terrorism Directorate said two drones were shot down.", false},
		{"Iraq's Joint Operations Command and the Popular Mobilization Forces signed the plan.", false},
		{"Troops Leave", false}, // too short to tell
	} {
		if got := isTitleCase(tc.text); got != tc.want {
			t.Errorf("isTitleCase(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestTitleCaseHeadlineNamesNoOrganisation: a title-case headline's
// capitalised words are not an organisation's name, while the same
// pattern still finds bodies in running text.
func TestTitleCaseHeadlineNamesNoOrganisation(t *testing.T) {
	p, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want int
	}{
		{"US Remains Committed to Ending Military Mission in Iraq by September", 0},
		{"Officials of the Kurdistan Region Counter-Terrorism Directorate said two drones were shot down.", 1},
	} {
		if got := findPatternOrgs(tc.text, p.gaz, p.gaz.Find(tc.text)); len(got) != tc.want {
			t.Errorf("findPatternOrgs(%q) = %v, want %d organisations", tc.text, got, tc.want)
		}
	}
}
