// Where a runtime other than Bun imports the library: it is built on Bun's APIs.
throw new Error('phicode: the library (phicode, phicode/plugin, phicode/register) runs on Bun; from Node, use the command: npx phicode')
