plugins {
    kotlin("jvm") version "1.9.21"
    application
}

group = "org.acme"
version = "1.0.0"

repositories {
    mavenCentral()
}

dependencies {
    implementation(platform("org.jetbrains.kotlinx:kotlinx-coroutines-bom:1.7.3"))
    implementation("io.ktor:ktor-server-core:2.3.6")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core")
    api("com.squareup.okhttp3:okhttp:4.12.0")
    // implementation("com.example:commented-out:1.0")
    runtimeOnly("org.postgresql:postgresql:42.7.0")
    compileOnly(group = "org.projectlombok", name = "lombok", version = "1.18.30")
    implementation(project(":core"))
    implementation(libs.kotlinx.serialization)
    testImplementation(kotlin("test"))
    testImplementation("io.mockk:mockk:1.13.8") {
        because("https://example.org: mocking")
    }
}
