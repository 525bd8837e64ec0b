// Command gen writes the differential reference table of Kubernetes' cron: for each case, the
// firings robfig/cron v3 (the library of the Kubernetes CronJob controller) gives after a
// reference instant. See README.md beside this file; docs/cron.md explains the rows marked
// "wall-clock".
//
// Run it with gen.sh (GOPATH mode, offline, with Debian's golang-github-robfig-cron-dev).
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/robfig/cron"
)

// How many firings each row gives.
const firings = 3

type testCase struct {
	expr string
	zone string
	// The reference instant: RFC 3339 with an offset, or a local time (2006-01-02T15:04:05) read
	// in the zone (only where that local time exists once).
	after string
	// Set only where robfig/cron has a documented DST bug: the wall-clock firings the model must
	// give instead, and why (a section of docs/cron.md).
	wallClock []string
	why       string
}

func c(expr, zone, after string) testCase { return testCase{expr: expr, zone: zone, after: after} }

// w is a case where robfig/cron misses firings the wall clock shows: the table gives these.
func w(expr, zone, after string, wallClock ...string) testCase {
	return testCase{expr: expr, zone: zone, after: after, wallClock: wallClock, why: "robfig/cron's 30-minute bug"}
}

// Friday 27 November 2026, 10:03:30 UTC: no DST anywhere near.
const friday = "2026-11-27T10:03:30Z"

var cases = []testCase{
	// Fields, steps, ranges, lists.
	c("* * * * *", "UTC", friday),
	c("* * * * *", "UTC", "2026-11-27T10:03:59.999Z"),
	c("*/1 * * * *", "UTC", friday),
	c("*/2 * * * *", "UTC", friday),
	c("*/2 * * * *", "UTC", "2026-11-27T10:04:00Z"),
	c("1/2 * * * *", "UTC", friday),
	c("5-50/15 * * * *", "UTC", friday),
	c("5-50/15 9-17 * * *", "UTC", "2026-11-27T17:40:00Z"),
	c("0 */1 * * *", "UTC", friday),
	c("0 */5 * * *", "UTC", friday),
	c("0 9-17/2 * * *", "UTC", friday),
	c("15,45 * * * *", "UTC", friday),
	c("0 0,12 * * *", "UTC", friday),
	c("59 23 31 12 *", "UTC", friday),
	c("0 0 31 * *", "UTC", friday),
	c("0 0 30 */2 *", "UTC", friday),
	c("0 0 1/3 * *", "UTC", friday),
	c("0 0 * */1 *", "UTC", friday),
	// ? in either or both day fields means *.
	c("0 8 ? * ?", "UTC", friday),
	c("0 8 ? * *", "UTC", friday),
	c("0 8 * * ?", "UTC", friday),
	c("0 8 ? * MON", "UTC", friday),
	c("0 8 15 * ?", "UTC", friday),
	c("0 8 ? * ?", "Europe/Berlin", "2026-03-28T12:00:00"),
	c("0 8 ? ? ?", "UTC", friday),
	c("? 8 * * *", "UTC", friday),
	c("0 ? * * *", "UTC", friday),
	c("?/15 * * * *", "UTC", friday),
	// Names, in any case.
	c("0 8 * * mon-FRI", "UTC", friday),
	c("0 8 * * MON-FRI", "UTC", friday),
	c("0 8 * * mon-fri", "UTC", friday),
	c("0 8 * * Sun", "UTC", friday),
	c("0 8 * * SAT,sun", "UTC", friday),
	c("0 8 * * 0", "UTC", friday),
	c("0 8 * * 1-5", "UTC", friday),
	c("0 8 * * 1,3,5", "UTC", friday),
	c("0 8 * * */2", "UTC", friday),
	c("0 8 * * 1/2", "UTC", friday),
	c("0 8 * * SUN-SAT", "UTC", friday),
	c("0 0 1 jan *", "UTC", friday),
	c("0 0 1 JAN *", "UTC", friday),
	c("0 0 1 Jan-Mar *", "UTC", friday),
	c("0 0 1 feb,AUG *", "UTC", friday),
	c("0 9 * jun-AUG Mon", "UTC", friday),
	// The OR rule: both day fields restricted fire when either matches; a * (also */1, ?) in
	// one of them makes it AND.
	c("0 0 1 * MON", "UTC", friday),
	c("0 0 13 * FRI", "UTC", friday),
	c("0 0 1-7 * MON", "UTC", friday),
	c("0 0 1-31 * MON", "UTC", friday),
	c("0 0 */1 * MON", "UTC", friday),
	c("0 0 */2 * MON", "UTC", friday),
	c("0 0 1 * */1", "UTC", friday),
	c("0 0 1 * */2", "UTC", friday),
	c("0 0 ? * MON", "UTC", friday),
	c("0 0 1 * ?", "UTC", friday),
	// 29 February.
	c("0 0 29 2 *", "UTC", friday),
	c("0 0 29 2 *", "UTC", "2028-02-29T00:00:00Z"),
	c("0 12 29 2 *", "Europe/Berlin", friday),
	c("0 0 29 2 MON", "UTC", friday),
	c("0 0 28,29 2 *", "UTC", friday),
	// Every macro (@every is not Kubernetes CronJob syntax the broker takes: left out).
	c("@yearly", "UTC", friday),
	c("@annually", "UTC", friday),
	c("@monthly", "UTC", friday),
	c("@weekly", "UTC", friday),
	c("@daily", "UTC", friday),
	c("@midnight", "UTC", friday),
	c("@hourly", "UTC", friday),
	c("@yearly", "Europe/Berlin", friday),
	c("@monthly", "America/New_York", friday),
	c("@weekly", "Australia/Lord_Howe", friday),

	// Europe/Berlin, spring forward 2026-03-29: 02:00-02:59 does not exist.
	c("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00"),
	c("0 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00"),
	c("0 3 * * *", "Europe/Berlin", "2026-03-28T12:00:00"),
	c("59 1 * * *", "Europe/Berlin", "2026-03-28T12:00:00"),
	c("0 8 * * *", "Europe/Berlin", "2026-03-28T12:00:00"),
	c("*/30 * * * *", "Europe/Berlin", "2026-03-29T01:15:00"),
	c("0 * * * *", "Europe/Berlin", "2026-03-29T00:30:00"),
	c("@hourly", "Europe/Berlin", "2026-03-29T01:30:00"),
	c("@daily", "Europe/Berlin", "2026-03-28T12:00:00"),
	c("0 2 * * SUN", "Europe/Berlin", "2026-03-23T12:00:00"),
	c("30 2 29 3 *", "Europe/Berlin", "2026-01-01T00:00:00"),
	c("0 8 * * MON-FRI", "Europe/Berlin", "2026-03-27T12:00:00"),
	// Europe/Berlin, fall back 2026-10-25: 02:00-02:59 happens twice (+02:00, then +01:00).
	c("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00"),
	c("0 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00"),
	c("0 3 * * *", "Europe/Berlin", "2026-10-24T12:00:00"),
	c("*/30 * * * *", "Europe/Berlin", "2026-10-25T01:45:00"),
	c("0 * * * *", "Europe/Berlin", "2026-10-25T01:30:00"),
	c("@hourly", "Europe/Berlin", "2026-10-25T02:30:00+02:00"),
	c("15 2 * * *", "Europe/Berlin", "2026-10-25T02:20:00+01:00"),
	c("45 2 * * *", "Europe/Berlin", "2026-10-25T02:50:00+02:00"),
	c("@daily", "Europe/Berlin", "2026-10-24T12:00:00"),

	// America/New_York, spring forward 2026-03-08: 02:00-02:59 does not exist.
	c("30 2 * * *", "America/New_York", "2026-03-07T12:00:00"),
	c("0 2 * * *", "America/New_York", "2026-03-07T12:00:00"),
	c("*/15 * * * *", "America/New_York", "2026-03-08T01:40:00"),
	c("0 * * * *", "America/New_York", "2026-03-08T00:30:00"),
	c("0 9 * * MON-FRI", "America/New_York", "2026-03-06T12:00:00"),
	c("@daily", "America/New_York", "2026-03-07T12:00:00"),
	// America/New_York, fall back 2026-11-01: 01:00-01:59 happens twice.
	c("30 1 * * *", "America/New_York", "2026-10-31T12:00:00"),
	c("0 1 * * *", "America/New_York", "2026-10-31T12:00:00"),
	c("*/20 1 * * *", "America/New_York", "2026-11-01T00:50:00"),
	c("0 * * * *", "America/New_York", "2026-11-01T00:30:00"),
	c("@hourly", "America/New_York", "2026-11-01T01:30:00-04:00"),
	c("0 2 * * *", "America/New_York", "2026-10-31T12:00:00"),

	// Australia/Lord_Howe, spring forward 2026-10-04: 02:00-02:29 does not exist, 02:30 does.
	c("30 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00"),
	c("45 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00"),
	c("59 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00"),
	c("0 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00"),
	c("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00"),
	c("*/15 * * * *", "Australia/Lord_Howe", "2026-10-04T01:40:00"),
	c("0 * * * *", "Australia/Lord_Howe", "2026-10-04T01:30:00"),
	c("30 * * * *", "Australia/Lord_Howe", "2026-10-04T01:00:00"),
	c("@hourly", "Australia/Lord_Howe", "2026-10-04T01:10:00"),
	c("30 2 * * SUN", "Australia/Lord_Howe", "2026-09-28T12:00:00"),
	c("*/10 2 * * *", "Australia/Lord_Howe", "2026-10-04T01:55:00"),
	// Australia/Lord_Howe, fall back 2026-04-05: 01:30-01:59 happens twice (+11:00, +10:30).
	c("45 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00"),
	c("0 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00"),
	c("30 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00"),
	c("*/15 * * * *", "Australia/Lord_Howe", "2026-04-05T01:20:00+11:00"),
	c("0 * * * *", "Australia/Lord_Howe", "2026-04-05T00:30:00"),
	// robfig/cron steps whole hours from midnight, which after a 30-minute shift lands on half
	// hours: from the day before, it misses every firing at minutes 00-29 from the shift to
	// midnight, although the clock shows them (docs/cron.md, "robfig/cron's 30-minute bug").
	w("0 2 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00",
		"2026-04-05T02:00:00+10:30", "2026-04-06T02:00:00+10:30", "2026-04-07T02:00:00+10:30"),
	w("15 2 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00",
		"2026-04-05T02:15:00+10:30", "2026-04-06T02:15:00+10:30", "2026-04-07T02:15:00+10:30"),
	w("0 8 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00",
		"2026-04-05T08:00:00+10:30", "2026-04-06T08:00:00+10:30", "2026-04-07T08:00:00+10:30"),
	w("0 8 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00",
		"2026-10-04T08:00:00+11:00", "2026-10-05T08:00:00+11:00", "2026-10-06T08:00:00+11:00"),
	w("0 3 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00",
		"2026-10-04T03:00:00+11:00", "2026-10-05T03:00:00+11:00", "2026-10-06T03:00:00+11:00"),
	w("0 8 * * SUN", "Australia/Lord_Howe", "2026-10-03T12:00:00",
		"2026-10-04T08:00:00+11:00", "2026-10-11T08:00:00+11:00", "2026-10-18T08:00:00+11:00"),
	// From the same day after the shift, robfig/cron is right.
	c("0 8 * * *", "Australia/Lord_Howe", "2026-10-04T05:00:00"),
	c("0 8 * * *", "Australia/Lord_Howe", "2026-04-05T05:00:00"),

	// A skipped midnight. America/Santiago 2026-09-06: 00:00-00:59 does not exist.
	c("0 0 * * *", "America/Santiago", "2026-09-05T12:00:00"),
	c("@daily", "America/Santiago", "2026-09-05T12:00:00"),
	c("@midnight", "America/Santiago", "2026-09-05T12:00:00"),
	c("@weekly", "America/Santiago", "2026-09-01T12:00:00"),
	c("30 0 * * *", "America/Santiago", "2026-09-05T12:00:00"),
	c("0 1 * * *", "America/Santiago", "2026-09-05T12:00:00"),
	c("0 8 * * *", "America/Santiago", "2026-09-05T12:00:00"),
	c("0 * * * *", "America/Santiago", "2026-09-05T22:30:00"),
	c("0 0 6 9 *", "America/Santiago", "2026-01-01T12:00:00"),
	// America/Santiago 2026-04-04: 23:00-23:59 happens twice; midnight after it once.
	c("30 23 * * *", "America/Santiago", "2026-04-04T12:00:00"),
	c("0 0 * * *", "America/Santiago", "2026-04-04T12:00:00"),
	c("0 23 * * *", "America/Santiago", "2026-04-04T12:00:00"),
	// America/Havana 2026-03-08: 00:00-00:59 does not exist.
	c("0 0 * * *", "America/Havana", "2026-03-07T12:00:00"),
	c("@weekly", "America/Havana", "2026-03-03T12:00:00"),
	c("30 0 * * *", "America/Havana", "2026-03-07T12:00:00"),
	c("0 1 * * *", "America/Havana", "2026-03-07T12:00:00"),
	c("0 0 8 3 *", "America/Havana", "2026-01-01T12:00:00"),
	// America/Havana 2026-11-01: 00:00-00:59 happens twice.
	c("0 0 * * *", "America/Havana", "2026-10-31T12:00:00"),
	c("30 0 * * *", "America/Havana", "2026-10-31T12:00:00"),
	c("@weekly", "America/Havana", "2026-10-27T12:00:00"),
	// Asia/Beirut 2026-03-29: 00:00-00:59 does not exist.
	c("0 0 * * *", "Asia/Beirut", "2026-03-28T12:00:00"),
	c("@midnight", "Asia/Beirut", "2026-03-28T12:00:00"),
	c("@weekly", "Asia/Beirut", "2026-03-24T12:00:00"),
	c("15 0 * * *", "Asia/Beirut", "2026-03-28T12:00:00"),
	c("0 0 * * SUN", "Asia/Beirut", "2026-03-24T12:00:00"),
	c("0 0 29 3 *", "Asia/Beirut", "2026-01-01T12:00:00"),
	// Asia/Beirut 2026-10-24: 23:00-23:59 happens twice.
	c("0 23 * * *", "Asia/Beirut", "2026-10-24T12:00:00"),
	c("@daily", "Asia/Beirut", "2026-10-24T12:00:00"),
}

// Expressions robfig/cron's standard parser (and so the Kubernetes API server) refuses.
var rejected = []string{
	"0 0 * * 7",
	"30-10 * * * *",
	"60 * * * *",
	"* 24 * * *",
	"0 0 0 * *",
	"* * 32 * *",
	"* * * 13 *",
	"0 0 L * *",
	"0 0 * * 1#2",
	"@DAILY",
	"@reboot",
	"* * * *",
	"0 0 * * * *",
	"0 0 * JANUARY *",
	"1-? * * * *",
}

func main() {
	out := os.Stdout
	fmt.Fprintln(out, "# Generated by schedule-model/src/test/robfig/gen.sh from robfig/cron v3 (see README.md there); do not edit.")
	fmt.Fprintln(out, "# expression\tzone\tafter\tfirings\trobfig\tnote")
	for _, tc := range cases {
		row, err := render(tc)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintln(out, row)
	}
	for _, expr := range rejected {
		if _, err := cron.ParseStandard(expr); err == nil {
			fmt.Fprintf(os.Stderr, "%q was expected to be rejected\n", expr)
			os.Exit(1)
		}
		fmt.Fprintf(out, "%s\tUTC\t-\trejected\t\t\n", expr)
	}
}

func render(tc testCase) (string, error) {
	loc, err := time.LoadLocation(tc.zone)
	if err != nil {
		return "", err
	}
	var after time.Time
	if strings.ContainsAny(tc.after[10:], "Z+-") {
		after, err = time.Parse(time.RFC3339Nano, tc.after)
	} else {
		after, err = time.ParseInLocation("2006-01-02T15:04:05", tc.after, loc)
	}
	if err != nil {
		return "", err
	}
	sched, err := cron.ParseStandard(tc.expr)
	if err != nil {
		return "", fmt.Errorf("%q: %v", tc.expr, err)
	}
	var got []string
	t := after.In(loc)
	for i := 0; i < firings; i++ {
		t = sched.Next(t)
		got = append(got, t.Format(time.RFC3339))
	}
	robfig := strings.Join(got, ",")
	if tc.wallClock == nil {
		return fmt.Sprintf("%s\t%s\t%s\t%s\t\t", tc.expr, tc.zone, after.In(loc).Format(time.RFC3339Nano), robfig), nil
	}
	want := strings.Join(tc.wallClock, ",")
	if want == robfig {
		return "", fmt.Errorf("%q in %s: robfig/cron now gives the wall-clock firings; drop the override", tc.expr, tc.zone)
	}
	return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\twall-clock: %s", tc.expr, tc.zone, after.In(loc).Format(time.RFC3339Nano), want, robfig, tc.why), nil
}
