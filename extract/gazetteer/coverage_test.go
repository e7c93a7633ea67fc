package gazetteer

import (
	"strings"
	"testing"
)

// TestCoverage checks entries added to widen coverage beyond the development
// corpus: each sentence names an organisation or base by one of its aliases,
// and ordinary words that resemble an alias must not match.
func TestCoverage(t *testing.T) {
	g := load(t)
	tests := []struct {
		text string
		want []string // "Type:Name" of every match, in text order
	}{
		// Organisations.
		{"Fighters of the TNLA withdrew from the town.", []string{"Organisation:Ta'ang National Liberation Army"}},
		{"The KIA captured a junta outpost.", []string{"Organisation:Kachin Independence Army"}},
		{"AFC and M23 rebels entered the town.", []string{"Organisation:Alliance Fleuve Congo", "Organisation:M23"}},
		{"The FDLR denied the claim.", []string{"Organisation:Democratic Forces for the Liberation of Rwanda"}},
		{"The ELN and the Gulf Clan clashed.", []string{"Organisation:Ejército de Liberación Nacional", "Organisation:Clan del Golfo"}},
		{"ISW assessed that the offensive had stalled.", []string{"Organisation:Institute for the Study of War"}},
		{"The UN refugee agency warned of shortages.", []string{"Organisation:UNHCR"}},
		{"Doctors Without Borders closed its clinic.", []string{"Organisation:Médecins Sans Frontières"}},
		{"Lithuania's Defence Ministry announced the purchase.", []string{"Organisation:Lithuanian Ministry of National Defence"}},
		{"PACAF sent fighters to the exercise.", []string{"Organisation:Pacific Air Forces"}},
		{"The Golani Brigade withdrew from the area.", []string{"Organisation:Golani Brigade"}},
		{"The Permanent Strategic Framework said its fighters held the camp.", []string{"Organisation:Permanent Strategic Framework"}},
		{"Unmanned Systems Forces hit a depot.", []string{"Organisation:Unmanned Systems Forces"}},
		{"The Security Belt Forces deployed in Aden.", []string{"Organisation:Security Belt Forces", "Place:Aden"}},
		{"The French general staff said in a statement.", []string{"Organisation:French Armed Forces General Staff"}},
		{"Russia's foreign ministry summoned the ambassador.", []string{"Organisation:Russian Ministry of Foreign Affairs"}},
		{"Qatar's defence ministry said the missiles were intercepted.", []string{"Organisation:Qatar Ministry of Defence"}},
		{"The Special Air Service Regiment served in Afghanistan.", []string{"Organisation:Special Air Service Regiment", "Country:Afghanistan"}},
		{"Salt Typhoon breached telecom networks.", []string{"Organisation:Salt Typhoon"}},
		// Bases.
		{"Drones hit the Baltimor airfield overnight.", []string{"Base:Baltimor Air Base"}},
		{"Strikes on Soltsy-2 destroyed a Tu-22M3.", []string{"Base:Soltsy Air Base"}},
		{"Explosions were reported at the Hvardiiske airfield.", []string{"Base:Hvardiiske Air Base"}},
		{"Detainees were held at Sde Teiman.", []string{"Base:Sde Teiman military base"}},
		{"Hezbollah targeted the Meron air control base.", []string{"Organisation:Hezbollah", "Base:Mount Meron air control base"}},
		{"Jets took off from Andøya Air Station.", []string{"Base:Andøya Air Station"}},
		{"The brigade will move into Rudninkai Military Camp.", []string{"Base:Rūdninkai Military Camp"}},
		{"Turkish drones operate from Gecitkale Air Base.", []string{"Country:Turkey", "Base:Geçitkale Air Base"}},
		{"Missiles were aimed at AFS Udhampur and the Bhuj airbase.", []string{"Base:Udhampur Air Force Station", "Base:Bhuj Air Force Station"}},
		{"The Arrow 3 battery at Fliegerhorst Holzdorf is operational.", []string{"Base:Holzdorf Air Base"}},
		{"Russian aircraft landed at Brak al-Shati airbase.", []string{"Country:Russia", "Base:Brak al-Shati Air Base"}},
		{"F-35s deployed to Muñiz Air National Guard Base.", []string{"Base:Muñiz Air National Guard Base"}},
		{"A B-52 landed at RAAF Base Learmonth.", []string{"Base:RAAF Base Learmonth"}},
		{"Interceptors at the Redzikow base are on alert.", []string{"Base:Aegis Ashore Redzikowo"}},
		{"Crews at Redzikovo finished the checks.", []string{"Base:Aegis Ashore Redzikowo"}},
		{"Helicopters flew from the Army Air Base at Stefanovikio.", []string{"Base:Stefanovikeio Army Air Base"}},
		{"Engineers cleared soil at Camp Stanley and the Red Cloud site.", []string{"Base:Camp Stanley", "Base:Camp Red Cloud"}},
		{"Fighters landed at Pingtung Air Base after the drill.", []string{"Base:Pingtung Air Base"}},
		{"Trucks left MCLB Albany for the port.", []string{"Base:Marine Corps Logistics Base Albany"}},
		{"Jets trained at North Auxiliary Airfield this spring.", []string{"Base:North Auxiliary Airfield"}},
		{"The Operational Desert Platform of Gao was handed over.", []string{"Base:Gao military base"}},
		{"Cameras filmed the Taiwan CNA studio.", []string{"Country:Taiwan", "Organisation:CNA"}},
		{"Lockbit 3.0 claimed the attack on the port.", []string{"Organisation:LockBit"}},
		{"LockBit claimed the attack.", []string{"Organisation:LockBit"}},
		{"NTT Corp. said the breach was contained.", []string{"Organisation:Nippon Telegraph and Telephone"}},
		{"FIFA published the list of camps.", []string{"Organisation:FIFA"}},
		// Ordinary words and names that must not match a new alias.
		{"The lockbit on the door was broken.", nil},
		{"A red cloud of dust rose over the field.", nil},
		{"Who is responsible? Nobody knows.", nil},
		{"The convoy of trucks carried a PDF file.", nil},
		{"Abu Mohammad al-Golani spoke.", nil},
		{"The amal and the quad bike were in the hill.", nil},
		{"The bakery in Parchin was busy.", []string{"Place:Parchin"}}, // the town, not the military complex
		{"Seals rested on the rocks near the Rada'a road.", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range g.Find(tt.text) {
			got = append(got, m.Entry.Type+":"+m.Entry.Name)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
