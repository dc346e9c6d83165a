// A library package: building it for the browser makes no sense.
package notmain

func Answer() int { return 42 }
