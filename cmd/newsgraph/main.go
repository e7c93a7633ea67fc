// Command newsgraph turns news articles into a knowledge graph of military
// presence and security events, stored in Cayley, and answers questions
// over it. See the README for the commands.
package main

import "os"

func main() {
	os.Exit(runProcess(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
