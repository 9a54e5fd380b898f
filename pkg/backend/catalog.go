package backend

import "strings"

// Locations are the café's three shops.
var Locations = []string{"Elm Road", "Harbour Street", "Riverside Campus"}

// CanonicalLocation returns the shop name matching s case-insensitively
// ("elm road" → "Elm Road"), or false.
func CanonicalLocation(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range Locations {
		if strings.EqualFold(l, s) {
			return l, true
		}
	}
	return "", false
}

// MenuItem is one thing the demo orders are made of. Prices are the
// regular sizes of knowledge/menu/menu.csv.
type MenuItem struct {
	Name  string `json:"name"`
	Price Money  `json:"price"`
}

// Menu is the part of the menu the demo orders use.
var Menu = []MenuItem{
	{"Latte", 485},
	{"Flat White", 465},
	{"Cappuccino", 485},
	{"Americano", 375},
	{"Mocha", 525},
	{"Chai Latte", 495},
	{"Matcha Latte", 525},
	{"Cold Brew", 450},
	{"Filter Coffee", 325},
	{"Iced Latte", 510},
	{"Cinnamon Roll", 450},
	{"Killer Brownie", 425},
	{"Butter Croissant", 375},
	{"Almond Croissant", 450},
	{"Blueberry Muffin", 395},
	{"Larkspur Breakfast Sandwich", 895},
	{"Avocado Toast", 1050},
	{"Turkey & Swiss", 1150},
	{"Chicken Pesto Panini", 1225},
	{"Harvest Salad", 1250},
}

// CateringPackage is one per-guest catering offer.
type CateringPackage struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description"`
	PerGuest    Money  `json:"per_guest"`
}

// CateringPackages are the catering offers, priced per guest as in
// knowledge/policies/catering.md.
var CateringPackages = []CateringPackage{
	{"coffee_break", "Morning Coffee Break", "filter coffee (regular and decaf), tea selection, two mini pastries per person", 950},
	{"continental_breakfast", "Continental Breakfast", "coffee and tea, fresh orange juice, croissants and muffins, Greek yogurt parfaits, fruit platter", 1600},
	{"hot_breakfast", "Hot Breakfast", "Larkspur Breakfast Sandwiches and Vegan Breakfast Burritos, fruit platter, coffee, tea and juice", 2100},
	{"working_lunch", "Working Lunch", "sandwich and wrap platter (one and a half per person), one large salad, cookies, sparkling water", 1900},
	{"lunch_deluxe", "Lunch Deluxe", "sandwich and wrap platter, two large salads, Tomato Basil Soup, Killer Brownies and cookies, lemonade and coffee", 2600},
	{"afternoon_tea", "Afternoon Tea", "loose-leaf teas and coffee, Cheddar & Chive Scones, mini cakes, fruit", 1400},
}

// FindCateringPackage returns the package with the given key.
func FindCateringPackage(key string) (CateringPackage, bool) {
	for _, p := range CateringPackages {
		if p.Key == key {
			return p, true
		}
	}
	return CateringPackage{}, false
}

func menuPrice(name string) Money {
	for _, m := range Menu {
		if m.Name == name {
			return m.Price
		}
	}
	// The seed only names menu items; a typo there is a programming error
	// caught by the seed tests.
	return 0
}
