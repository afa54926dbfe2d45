// Plain shapes of what the Docker source reports; both the real engine client and the demo fake produce these.

export interface DockerImage { id: string /* sha256:… */; repoTags: string[] /* [] or ['<none>:<none>'] normalised to [] */; repoDigests: string[]; created: number /* unix seconds */; size: number /* bytes */; containers: number /* -1 when unknown */; dangling: boolean /* no tags */ }
export interface DockerPort { privatePort: number; publicPort?: number; type: string; ip?: string }
export interface DockerContainer { id: string; name: string /* without the leading '/' */; image: string /* as the container was created with */; imageId: string; state: string /* running, exited, … */; status: string /* "Up 5 minutes" */; ports: DockerPort[]; created: number /* unix seconds */ }
export interface DockerSnapshot { images: DockerImage[]; containers: DockerContainer[] }
export interface ImageLayer { id: string; created: number; createdBy: string; size: number; comment: string; tags: string[] }
