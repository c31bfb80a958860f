package rules

import "testing"

func TestIsTimeField(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"createdAt": true, "updated_at": true, "timestamp": true, "birthDate": true, "dateOfBirth": true,
		"expiry_date": true, "validFrom": true, "createdOn": true, "deleted-at": true, "HTTPDate": true, "startTime": true,
		"csr_format": false, "format": false, "java_runtime_version": false, "updatedBy": false, "expired": false,
		"birthCertificateId": false, "numberFormat": false, "dateFormat": false, "timeZone": false, "status": false,
		"lastName": false, "data": false, "attachment": false,
	} {
		if got := isTimeField(name); got != want {
			t.Errorf("isTimeField(%q) = %v, want %v (words %q)", name, got, want, nameWords(name))
		}
	}
}

func TestJudgeExample(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]timeVerdict{
		"2021-10-03T07:03:36Z": timeISO, "2021-10-03": timeISO, "2021-10-03T07:03:36.123+00:00": timeISO, "20211003T070336Z": timeISO,
		"2021-10-03T07:03:36": timeUnclear, "2025-11-12T15:30:00+02:00": timeNotISO,
		"28-04-1977": timeNotISO, "04/28/1977": timeNotISO, "28.04.1977": timeNotISO, "1977/04/28": timeNotISO,
		"28 Apr 1977": timeNotISO, "April 28, 1977": timeNotISO, "Mon, 28 Apr 1977 10:00:00 GMT": timeNotISO,
		"1.10.12": timeNotADate, "EE378129277266": timeNotADate, "x": timeNotADate, "1633244616": timeNotADate,
	} {
		if got, _ := judgeExample(v); got != want {
			t.Errorf("judgeExample(%q) = %v, want %v", v, got, want)
		}
	}
}
