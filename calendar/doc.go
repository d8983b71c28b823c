// Package calendar is the official PRC working-day calendar (工作日) used for
// every deadline rule: days off and weekend make-up working days (调休上班)
// set each year by the State Council's 《国务院办公厅关于YYYY年部分节假日安排
// 的通知》, embedded for 2008–2026 in NateScarlet/holiday-cn JSON format with
// the notice title and number (data/YYYY.json).
//
// Counting weekends only calls on-time disclosures late, so the calendar
// fails closed: a date in a year without data is an error
// (ErrYearNotCovered), never a Mon–Fri guess. Extra data (next year's notice,
// local ethnic holidays under 放假办法第四条) is added with Load and With.
//
// Dates are Asia/Shanghai calendar dates whatever the time.Time's location.
//
// The data files are generated from github.com/6tail/lunar-go/HolidayUtil
// v1.4.6 (MIT) by ./internal/gen and committed; lunar-go is used only by the
// generator and by tests, never by the binary.
package calendar

//go:generate go run ./internal/gen -out data
