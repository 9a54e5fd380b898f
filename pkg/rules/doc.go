// Package rules holds cafebot's account rules as plain functions: refund
// eligibility, loyalty points and catering bookings. Each is a pure
// function of the configured numbers (pkg/config) and the state of one
// aggregate (an order with its payments and refunds, a top-up, a booking),
// so the tools that explain a decision and the stores that enforce it
// inside a transaction call the same code and cannot disagree.
//
// Amounts are whole cents (int64), the unit the stores keep.
package rules

import "math"

// Cents converts a configured dollar amount to cents, rounding to the cent.
func Cents(dollars float64) int64 { return int64(math.Round(dollars * 100)) }
