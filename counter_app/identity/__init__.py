"""Identity documents and their readers: resident ID cards (GA 467 serial, SDT API), social
security cards and ICAO 9303 passports (PC/SC), the simulators, and the reader specs."""
